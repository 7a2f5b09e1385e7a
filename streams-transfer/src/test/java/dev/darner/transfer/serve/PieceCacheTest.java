package dev.darner.transfer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.TaskId;
import dev.darner.transfer.VerifiedPiece;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PieceCacheTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ActorSystem<Void> system = testKit.system();

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
  void inFrontOf_cachedPieceTheStoreHolds_isServedFromMemory() throws Exception {
    VerifiedPiece cached = piece(TASK, 0, 100);
    cache.offer(cached);
    LocalPieces pieces =
        cache.inFrontOf(
            (task, index) ->
                Optional.of(
                    new ServablePiece(
                        100,
                        cached.crc32c(),
                        Source.failed(new AssertionError("the disk was read for a cached piece")))),
            64);

    ServablePiece served = pieces.open(TASK, 0).orElseThrow();

    ByteString bytes =
        served
            .bytes()
            .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertEquals(cached.bytes(), bytes);
  }

  @Test
  void inFrontOf_cachedPieceTheStoreDropped_isNotServed() {
    cache.offer(piece(TASK, 0, 100));
    LocalPieces pieces = cache.inFrontOf((task, index) -> Optional.empty(), 64);

    assertFalse(pieces.open(TASK, 0).isPresent());
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private static VerifiedPiece piece(TaskId task, int index, int length) {
    return VerifiedPiece.fromOrigin(task, index, ByteString.fromArray(new byte[length]));
  }
}
