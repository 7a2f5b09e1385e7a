package dev.darner.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostTableTest {

  private static final HostId A = HostId.of("a", 1);
  private static final HostId B = HostId.of("b", 1);
  private static final TaskId TASK = TaskId.of("ab".repeat(32));
  private static final HostHeartbeat BEAT = new HostHeartbeat(0, 1, 1, 1, 0, false, "", "");
  private final HostTable<String> table = new HostTable<>(Duration.ofSeconds(10), 0);

  @Test
  void expire_silentHost_droppedWithItsHoldings() {
    table.heartbeat(A, "pekko://x@a:1", BEAT, "agent", 0);
    table.heartbeat(B, "pekko://x@b:1", BEAT, "agent", 8_000);
    table.hold(TASK, A, TaskMetadata.of(10, Optional.empty()), new int[] {7});

    assertEquals(List.of(A), table.expire(10_001));
    assertTrue(table.host(A).isEmpty());
    assertTrue(table.holding(TASK).isEmpty());
    assertTrue(table.host(B).isPresent());
  }

  @Test
  void isLive_unknownHostDuringWarmUp_countsAsLive() {
    assertTrue(table.isLive(A, 9_999));
    assertFalse(table.isLive(A, 10_000));
  }

  @Test
  void removeMember_hostsOfThatMember_dropped() {
    table.heartbeat(A, "pekko://x@a:1", BEAT, "agent", 0);
    table.heartbeat(B, "pekko://x@b:1", BEAT, "agent", 0);

    assertEquals(List.of(A), table.removeMember("pekko://x@a:1"));
    assertEquals(1, table.size());
  }

  @Test
  void hold_twoHoldersOneReleases_otherStillHolds() {
    TaskMetadata meta = TaskMetadata.of(10, Optional.empty());
    table.hold(TASK, A, meta, new int[] {7});
    table.hold(TASK, B, meta, new int[0]);

    table.release(TASK, A);

    assertEquals(List.of(B), List.copyOf(table.holding(TASK).orElseThrow().holders()));
    assertEquals(7, table.holding(TASK).orElseThrow().crcs()[0]);
  }
}
