package dev.darner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four actor systems in one JVM form one cluster in two AZs: az-a with two peer nodes, az-b with a
 * seed node and a peer node (which also hosts a second facade, b2x). The tests share the cluster
 * and run in order, because the last ones take nodes away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoZoneClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final TaskMetadata FOUR_PIECES =
      new TaskMetadata(4L * (4 << 20), 4 << 20, Optional.empty());

  private final List<ActorTestKit> kits = new ArrayList<>();
  private final Map<String, TaskCoordination> nodes = new ConcurrentHashMap<>();
  private final Map<TaskId, String> seedFetches = new ConcurrentHashMap<>();

  private static Config config(String az, String role) {
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = cluster
            pekko.actor.serialize-messages = on
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.gossip-interval = 200 ms
            pekko.cluster.leader-actions-interval = 200 ms
            pekko.cluster.multi-data-center.self-data-center = %s
            pekko.cluster.roles = [%s]
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.loglevel = WARNING
            pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 2
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10 s
            pekko.cluster.multi-data-center.failure-detector.acceptable-heartbeat-pause = 20 s
            darner.cluster.scheduler.heartbeat-interval = 200 ms
            darner.cluster.scheduler.host-timeout = 5 s
            darner.cluster.scheduler.block-duration = 2 s
            darner.cluster.coordinator.host-refresh-interval = 200 ms
            """
                .formatted(az, role))
        .withFallback(ConfigFactory.load());
  }

  private ActorSystem<?> start(String name, String az, boolean seed) {
    ActorTestKit kit = ActorTestKit.create("darner", config(az, seed ? "seed" : "peer"));
    kits.add(kit);
    ActorSystem<?> system = kit.system();
    Cluster cluster = Cluster.get(system);
    Cluster first = Cluster.get(kits.get(0).system());
    cluster.manager().tell(Join.create(first.selfMember().address()));
    HostId self = HostId.of(name, 65002);
    TaskCoordination node =
        seed
            ? TaskCoordination.init(
                system,
                CoordinationSettings.create(system),
                self,
                true,
                (task, request) -> seedFetches.put(task, request))
            : TaskCoordination.init(system, CoordinationSettings.create(system), self, false);
    node.startHeartbeats(() -> new HostHeartbeat(0.1, 4, 4, 1, 0, seed, "", ""));
    nodes.put(name, node);
    return system;
  }

  private ActorTestKit kit(int index) {
    return kits.get(index);
  }

  private <T> T await(Supplier<T> attempt, Predicate<T> done) {
    return kits.get(kits.size() - 1)
        .createTestProbe()
        .awaitAssert(
            WAIT,
            Duration.ofMillis(100),
            () -> {
              T outcome = attempt.get();
              assertTrue(done.test(outcome), () -> "not yet: " + outcome);
              return outcome;
            });
  }

  private RegisterOutcome register(
      String node, TaskId task, BitSet have, Optional<TaskMetadata> meta) {
    return nodes
        .get(node)
        .register(task, meta, have, "req-" + task.shortForm())
        .toCompletableFuture()
        .join();
  }

  private static TaskId task(char c) {
    return TaskId.of(String.valueOf(c).repeat(64));
  }

  private static ClusterOverview overview(ActorSystem<?> system) {
    return ClusterOverview.read(system).toCompletableFuture().join();
  }

  @BeforeAll
  void formCluster() {
    start("a1", "az-a", false);
    start("a2", "az-a", false);
    start("b1", "az-b", true);
    ActorSystem<?> b2 = start("b2", "az-b", false);
    TaskCoordination second =
        TaskCoordination.init(b2, CoordinationSettings.create(b2), HostId.of("b2x", 65002), false);
    second.startHeartbeats(() -> new HostHeartbeat(0.1, 4, 4, 1, 0, false, "", ""));
    nodes.put("b2x", second);
    await(
        () -> overview(kit(3).system()),
        o ->
            o.members().size() == 4
                && o.members().stream().allMatch(m -> m.status().equals("up"))
                && o.schedulers().stream()
                    .allMatch(s -> s.liveHosts() == (s.availabilityZone().equals("az-a") ? 2 : 3)));
  }

  @AfterAll
  void shutdown() {
    for (ActorTestKit kit : kits) {
      ActorTestKit.shutdown(kit.system(), Duration.ofSeconds(20), false);
    }
  }

  @Test
  @Order(1)
  void overview_twoZones_listsMembersAndOldestRunsScheduler() {
    ClusterOverview overview = overview(kit(1).system());

    assertEquals(
        2, overview.members().stream().filter(m -> m.availabilityZone().equals("az-a")).count());
    assertTrue(overview.members().stream().anyMatch(m -> m.roles().equals(List.of("seed"))));
    for (ClusterOverview.SchedulerView scheduler : overview.schedulers()) {
      String oldest =
          overview.members().stream()
              .filter(m -> m.availabilityZone().equals(scheduler.availabilityZone()))
              .filter(m -> m.ageRank() == 1)
              .findFirst()
              .orElseThrow()
              .address();
      assertEquals(oldest, scheduler.address());
    }
  }

  @Test
  @Order(2)
  void register_sameTaskInTwoZones_eachZoneDecidesOnItsOwn() {
    TaskId task = task('1');

    RegisterOutcome inA = register("a2", task, new BitSet(), Optional.empty());
    RegisterOutcome inB = register("b2", task, new BitSet(), Optional.empty());

    assertInstanceOf(RegisterOutcome.BackToSource.class, inA);
    assertInstanceOf(RegisterOutcome.WaitForSeed.class, inB);
    await(() -> seedFetches.get(task), r -> ("req-" + task.shortForm()).equals(r));
    assertInstanceOf(
        RegisterOutcome.BackToSource.class, register("b1", task, new BitSet(), Optional.empty()));
  }

  @Test
  @Order(3)
  void reportFailure_badPiece_parentBlockedThenReleased() {
    TaskId task = task('2');
    register("b1", task, new BitSet(), Optional.empty());
    TaskCoordination seed = nodes.get("b1");
    seed.reportMetadata(task, FOUR_PIECES);
    seed.reportPieces(task, new int[] {0, 1, 2, 3}, new int[] {1, 2, 3, 4});
    seed.reportComplete(task);
    RegisterOutcome.ParentsAssigned assigned =
        (RegisterOutcome.ParentsAssigned)
            await(
                () -> register("b2", task, new BitSet(), Optional.empty()),
                o -> o instanceof RegisterOutcome.ParentsAssigned p && !p.parents().isEmpty());
    assertEquals(HostId.of("b1", 65002), assigned.parents().get(0).host());
    assertEquals(4, assigned.crcs().size());

    nodes.get("b2").reportFailure(task, HostId.of("b1", 65002), 0, FailureKind.BAD_PIECE);

    await(
        () -> register("b2x", task, new BitSet(), Optional.empty()),
        o -> o instanceof RegisterOutcome.WaitForSeed);
    RegisterOutcome released =
        await(
            () -> register("b2x", task, new BitSet(), Optional.empty()),
            o -> o instanceof RegisterOutcome.ParentsAssigned p && !p.parents().isEmpty());
    assertEquals(
        HostId.of("b1", 65002),
        ((RegisterOutcome.ParentsAssigned) released).parents().get(0).host());
  }

  @Test
  @Order(3)
  void preheat_otherZonesSeed_fetchesThereAndAnswersRunning() {
    TaskId task = task('e');

    SeedProgress progress =
        await(
            () ->
                nodes
                    .get("a1")
                    .preheat("az-b", task, "preheat-req", true)
                    .toCompletableFuture()
                    .join(),
            p -> p.state() == SeedProgress.State.RUNNING);

    assertEquals(Optional.of(HostId.of("b1", 65002)), progress.seed());
    assertEquals("preheat-req", seedFetches.get(task));
  }

  @Test
  @Order(3)
  void preheat_zoneWithoutSeed_answersNoSeed() {
    TaskId task = task('f');

    SeedProgress progress =
        nodes.get("b1").preheat("az-a", task, "req", true).toCompletableFuture().join();

    assertEquals(SeedProgress.State.NO_SEED, progress.state());
    assertEquals(List.of("az-a", "az-b"), nodes.get("b1").zones());
  }

  @Test
  @Order(4)
  void oldestNodeDies_backToSourceAndSchedulerMove_zoneKeepsScheduling() {
    TaskId task = task('3');
    String a2 = Cluster.get(kit(1).system()).selfMember().address().toString();
    assertInstanceOf(
        RegisterOutcome.BackToSource.class, register("a1", task, new BitSet(), Optional.empty()));
    assertEquals(
        new RegisterOutcome.WaitForSeed(Optional.of(HostId.of("a1", 65002))),
        register("a2", task, new BitSet(), Optional.empty()));
    nodes.get("a1").reportMetadata(task, FOUR_PIECES);
    nodes.get("a1").reportPieces(task, new int[] {0, 1}, new int[] {10, 11});
    await(
        () -> register("a2", task, new BitSet(), Optional.empty()),
        o -> o instanceof RegisterOutcome.ParentsAssigned p && p.crcs().size() == 2);
    nodes.get("a2").reportPieces(task, new int[] {0, 1}, new int[] {10, 11});
    BitSet have = new BitSet();
    have.set(0, 2);

    ActorTestKit.shutdown(kit(0).system(), Duration.ofSeconds(20), true);

    await(() -> overview(kit(1).system()), o -> o.schedulers().get(0).address().equals(a2));
    RegisterOutcome takeover =
        await(
            () -> register("a2", task, have, Optional.of(FOUR_PIECES)),
            o -> o instanceof RegisterOutcome.BackToSource);
    BitSet missing = new BitSet();
    missing.set(2, 4);
    assertEquals(missing, ((RegisterOutcome.BackToSource) takeover).piecesToFetch());
    assertInstanceOf(
        RegisterOutcome.BackToSource.class,
        register("a2", task('4'), new BitSet(), Optional.empty()));
  }
}
