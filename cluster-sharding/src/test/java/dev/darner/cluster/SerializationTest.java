package dev.darner.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.darner.coordinator.TaskCoordinator;
import dev.darner.schedule.AzScheduler;
import dev.darner.task.Digest;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SerializationTest {

  private final ActorTestKit testKit = ActorTestKit.create("serialization");
  private final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  Stream<Object> messages() {
    TaskId task = TaskId.of("ab".repeat(32));
    HostId host = HostId.of("10.0.0.1", 65002);
    TaskMetadata meta =
        new TaskMetadata(10 << 20, 4 << 20, Optional.of(Digest.parse("sha256:" + "cd".repeat(32))));
    HostHeartbeat beat = new HostHeartbeat(0.5, 2, 4, 0.9, 1000, true, "idc", "eu|fra");
    TestProbe<TaskCoordinator.Reply> replies = testKit.createTestProbe();
    TestProbe<SeedAgent.Command> agent = testKit.createTestProbe();
    TestProbe<AzScheduler.TaskDescribed> described = testKit.createTestProbe();
    TestProbe<AzScheduler.HostsDescribed> hosts = testKit.createTestProbe();
    TestProbe<AzScheduler.Located> located = testKit.createTestProbe();
    TestProbe<HostTasks> hostTasks = testKit.createTestProbe();
    TestProbe<SeedProgress> progress = testKit.createTestProbe();
    HeldTask held = new HeldTask(task, "https://example.com/a", 10 << 20, 3, 2, false);
    TaskCoordinator.ParentInfo parent =
        new TaskCoordinator.ParentInfo(host, new long[] {5}, true, 0.7);
    AzScheduler.SeedChoice seed =
        new AzScheduler.SeedChoice(Optional.of(host), Optional.of(agent.ref()));
    return Stream.of(
        new TaskCoordinator.Register(
            host, true, Optional.of(meta), new long[] {3, 4}, "req", replies.ref()),
        new TaskCoordinator.Register(host, false, Optional.empty(), new long[0], "", replies.ref()),
        new TaskCoordinator.ReportMetadata(host, meta),
        new TaskCoordinator.ReportPieces(host, new int[] {1, 2}, new int[] {-7, 9}),
        new TaskCoordinator.ReportFailure(host, host, 3, FailureKind.BAD_PIECE),
        new TaskCoordinator.ReportComplete(host),
        new TaskCoordinator.Leave(host),
        new TaskCoordinator.ParentsFound(meta, List.of(parent), new int[] {1}, new int[] {2}),
        new TaskCoordinator.AwaitSeed(Optional.of(host)),
        new TaskCoordinator.AwaitSeed(Optional.empty()),
        new TaskCoordinator.FetchFromSource(
            Optional.empty(),
            List.of(parent),
            new long[] {-1},
            new int[0],
            new int[0],
            List.of(host)),
        new AzScheduler.Heartbeat(host, "pekko://d@127.0.0.1:1", beat, Optional.of(agent.ref())),
        new AzScheduler.Heartbeat(host, "pekko://d@127.0.0.1:1", beat, Optional.empty()),
        new AzScheduler.DescribeTask(task, described.ref()),
        new AzScheduler.DescribeHosts(task, List.of(host), hosts.ref()),
        new AzScheduler.HostFailed(host, FailureKind.TIMED_OUT),
        new AzScheduler.TaskHeld(task, host, meta, new int[] {1, 2, 3}),
        new AzScheduler.TaskReleased(task, host),
        new AzScheduler.Locate(located.ref()),
        new AzScheduler.TaskDescribed(task, Optional.of(meta), new int[] {4}, List.of(host), seed),
        new AzScheduler.HostsDescribed(
            List.of(new AzScheduler.HostReport(host, true, false, Optional.of(beat))), seed),
        new AzScheduler.Located("az-a", "pekko://d@127.0.0.1:1", 3),
        new SeedAgent.FetchTask(task, "req"),
        new SeedAgent.PreheatTask(task, "req", true, progress.ref()),
        SeedProgress.running(host, 5, 10),
        SeedProgress.noSeed("az-b"),
        new TaskInventory.ListTasks(hostTasks.ref()),
        new HostTasks(host, "az-a", "pekko://d@127.0.0.1:1", List.of(held)),
        beat);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void serialize_clusterMessage_roundTripsAsCbor(Object message) {
    byte[] bytes = serialization.serialize(message).get();
    int id = serialization.findSerializerFor(message).identifier();
    String manifest = Serializers.manifestFor(serialization.findSerializerFor(message), message);

    Object back = serialization.deserialize(bytes, id, manifest).get();

    assertEquals("jackson-cbor", serializerName(id));
    assertEquals(message.getClass(), back.getClass());
    assertArrayEquals(bytes, serialization.serialize(back).get());
  }

  private String serializerName(int id) {
    return serialization
            .serializerByIdentity()
            .get(id)
            .get()
            .getClass()
            .getSimpleName()
            .equals("JacksonCborSerializer")
        ? "jackson-cbor"
        : "other";
  }
}
