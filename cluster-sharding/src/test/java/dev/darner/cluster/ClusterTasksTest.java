package dev.darner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/** Two nodes in two AZs: each lists the other's store, and members can be taken out by address. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTasksTest {

  static {
    // Logging starts before any Pekko thread logs, so SLF4J replays nothing to the console.
    LoggerFactory.getLogger(ClusterTasksTest.class);
  }

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final HeldTask WHOLE =
      new HeldTask(TaskId.of("ab".repeat(32)), "https://example.com/a", 100, 1, 1, true);
  private static final HeldTask PARTIAL =
      new HeldTask(TaskId.of("cd".repeat(32)), "", 300, 3, 1, false);

  private ActorTestKit a;
  private ActorTestKit b;
  private ClusterTasks tasksOfA;

  private static Config config(String az) {
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = cluster
            pekko.actor.serialize-messages = on
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.gossip-interval = 200 ms
            pekko.cluster.leader-actions-interval = 200 ms
            pekko.cluster.distributed-data.gossip-interval = 200 ms
            pekko.cluster.distributed-data.notify-subscribers-interval = 100 ms
            pekko.cluster.multi-data-center.self-data-center = %s
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            # Shutting one system down makes the other warn of the aborted connection.
            pekko.loglevel = ERROR
            """
                .formatted(az))
        .withFallback(ConfigFactory.load());
  }

  @BeforeAll
  void formCluster() {
    a = ActorTestKit.create("darner", config("az-a"));
    b = ActorTestKit.create("darner", config("az-b"));
    Cluster.get(a.system())
        .manager()
        .tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    Cluster.get(b.system())
        .manager()
        .tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    tasksOfA =
        ClusterTasks.start(
            a.system(), HostId.of("10.0.0.1", 1), () -> List.of(WHOLE), Duration.ofSeconds(3));
    ClusterTasks.start(
        b.system(), HostId.of("10.0.0.2", 2), () -> List.of(PARTIAL), Duration.ofSeconds(3));
    await(() -> Cluster.get(a.system()).state().members().size() == 2 && allUp(a.system()));
  }

  @AfterAll
  void stop() {
    b.shutdownTestKit();
    a.shutdownTestKit();
  }

  @Test
  @Order(1)
  void list_twoAzs_everyHostsStoreByAz() {
    ClusterTasks.Listing listing = awaitListing(2);

    assertEquals(
        List.of("az-a", "az-b"),
        listing.hosts().stream().map(HostTasks::availabilityZone).toList());
    assertEquals(List.of(WHOLE), listing.hosts().get(0).tasks());
    assertEquals(List.of(PARTIAL), listing.hosts().get(1).tasks());
    assertEquals(address(b.system()), listing.hosts().get(1).address());
    assertTrue(listing.unanswered().isEmpty(), listing.toString());
  }

  @Test
  @Order(2)
  void leave_unknownAddress_findsNoMember() {
    Optional<String> asked = MemberControl.of(a.system()).leave("127.0.0.1:1");

    assertEquals(Optional.empty(), asked);
  }

  @Test
  @Order(3)
  void leave_memberByHostPort_takesItOut() {
    String full = address(b.system());
    String hostPort = full.substring(full.indexOf('@') + 1);

    Optional<String> asked = MemberControl.of(a.system()).leave(hostPort);

    assertEquals(Optional.of(full), asked);
    await(() -> Cluster.get(a.system()).state().members().size() == 1);
    awaitListing(1);
  }

  private ClusterTasks.Listing awaitListing(int hosts) {
    return a.createTestProbe()
        .awaitAssert(
            WAIT,
            Duration.ofMillis(100),
            () -> {
              ClusterTasks.Listing listing = join(tasksOfA.list());
              assertEquals(hosts, listing.hosts().size(), listing.toString());
              return listing;
            });
  }

  private void await(java.util.function.BooleanSupplier condition) {
    a.createTestProbe()
        .awaitAssert(
            WAIT,
            Duration.ofMillis(100),
            () -> {
              assertTrue(condition.getAsBoolean());
              return null;
            });
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean allUp(ActorSystem<?> system) {
    for (var member : Cluster.get(system).state().getMembers()) {
      if (member.status() != MemberStatus.up()) {
        return false;
      }
    }
    return true;
  }

  private static String address(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().address().toString();
  }
}
