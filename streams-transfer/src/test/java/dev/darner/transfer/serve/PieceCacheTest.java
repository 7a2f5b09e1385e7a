package dev.darner.transfer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.TaskId;
import dev.darner.transfer.VerifiedPiece;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class PieceCacheTest {

  private static final TaskId TASK = TaskId.of("a".repeat(64));
  private static final TaskId OTHER = TaskId.of("b".repeat(64));

  private final PieceCache cache = PieceCache.create(300);

  @Test
  void offer_overCapacity_evictsLeastRecentlyUsed() {
    cache.offer(piece(TASK, 0, 100));
    cache.offer(piece(TASK, 1, 100));
    cache.offer(piece(TASK, 2, 100));
    cache.get(TASK, 0);

    cache.offer(piece(TASK, 3, 100));

    assertTrue(cache.get(TASK, 0).isPresent());
    assertFalse(cache.get(TASK, 1).isPresent());
    assertEquals(300, cache.sizeBytes());
  }

  @Test
  void offer_pieceLargerThanCache_isNotKept() {
    cache.offer(piece(TASK, 0, 301));

    assertFalse(cache.get(TASK, 0).isPresent());
    assertEquals(0, cache.sizeBytes());
  }

  @Test
  void offer_samePieceTwice_countsItOnce() {
    cache.offer(piece(TASK, 0, 100));

    cache.offer(piece(TASK, 0, 100));

    assertEquals(100, cache.sizeBytes());
  }

  @Test
  void invalidate_task_dropsOnlyItsPieces() {
    cache.offer(piece(TASK, 0, 100));
    cache.offer(piece(OTHER, 0, 100));

    cache.invalidate(TASK);

    assertFalse(cache.get(TASK, 0).isPresent());
    assertTrue(cache.get(OTHER, 0).isPresent());
    assertEquals(100, cache.sizeBytes());
  }

  @Test
  void inFrontOf_cachedPiece_isServedWithoutAskingTheStore() {
    cache.offer(piece(TASK, 0, 100));
    LocalPieces pieces =
        cache.inFrontOf(
            (task, index) -> {
              throw new AssertionError("store asked for a cached piece");
            },
            64);

    Optional<ServablePiece> served = pieces.open(TASK, 0);

    assertEquals(100, served.orElseThrow().length());
  }

  private static VerifiedPiece piece(TaskId task, int index, int length) {
    return VerifiedPiece.fromOrigin(task, index, ByteString.fromArray(new byte[length]));
  }
}
