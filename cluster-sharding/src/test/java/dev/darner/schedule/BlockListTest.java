package dev.darner.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.cluster.FailureKind;
import dev.darner.task.HostId;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockListTest {

  private static final HostId HOST = HostId.of("h", 1);
  private final BlockList list = new BlockList(3, Duration.ofSeconds(60), Duration.ofMinutes(5));

  @Test
  void recordFailure_thresholdReachedWithinWindow_blocks() {
    list.recordFailure(HOST, FailureKind.TIMED_OUT, 0);
    list.recordFailure(HOST, FailureKind.UNREACHABLE, 1_000);

    assertTrue(list.recordFailure(HOST, FailureKind.TIMED_OUT, 2_000));
    assertTrue(list.isBlocked(HOST, 2_000));
    assertEquals(Set.of(HOST), list.blocked(2_000));
  }

  @Test
  void recordFailure_strikesOutsideWindow_doNotBlock() {
    list.recordFailure(HOST, FailureKind.TIMED_OUT, 0);
    list.recordFailure(HOST, FailureKind.TIMED_OUT, 1_000);

    assertFalse(list.recordFailure(HOST, FailureKind.TIMED_OUT, 61_000));
    assertFalse(list.isBlocked(HOST, 61_000));
  }

  @Test
  void recordFailure_badPiece_blocksAtOnce() {
    assertTrue(list.recordFailure(HOST, FailureKind.BAD_PIECE, 0));
  }

  @Test
  void recordFailure_refusals_neverBlock() {
    for (int i = 0; i < 10; i++) {
      list.recordFailure(HOST, FailureKind.REFUSED, i);
    }

    assertFalse(list.isBlocked(HOST, 10));
  }

  @Test
  void isBlocked_blockDurationOver_released() {
    list.recordFailure(HOST, FailureKind.BAD_PIECE, 0);

    assertTrue(list.isBlocked(HOST, 299_999));
    assertFalse(list.isBlocked(HOST, 300_000));
    assertEquals(Set.of(), list.blocked(300_000));
  }
}
