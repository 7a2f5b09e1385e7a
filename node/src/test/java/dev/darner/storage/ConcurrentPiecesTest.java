package dev.darner.storage;

import static dev.darner.storage.StoreFixture.content;
import static dev.darner.storage.StoreFixture.crc;
import static dev.darner.storage.StoreFixture.piece;
import static dev.darner.storage.StoreFixture.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.darner.task.PieceLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentPiecesTest {

  @TempDir Path root;

  @Test
  void commit_manyPiecesFromManyThreadsWhileReading_storesEveryPieceIntact() throws Exception {
    StoreFixture fixture = new StoreFixture(root);
    int pieces = 256;
    byte[] content = content(pieces * 4096L - 17, 3);
    TaskMetadata base = fixture.task("many", content.length);
    TaskMetadata metadata =
        new TaskMetadata(
            base.id(),
            base.url(),
            new PieceLayout(content.length, 4096),
            Optional.empty(),
            base.createdAt());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (PieceStore store = fixture.open()) {
      StoredTask task = store.createOrResume(metadata);
      Lease lease = task.acquire();
      List<Callable<Void>> jobs = new ArrayList<>();
      for (int i = 0; i < pieces; i++) {
        int index = i;
        jobs.add(() -> writeAndReadBack(task, content, index));
      }

      for (Future<Void> done : pool.invokeAll(jobs, 30, TimeUnit.SECONDS)) {
        done.get();
      }

      assertEquals(pieces, task.presentCount());
      assertArrayEquals(content, read(task, 0, content.length));
      lease.close();
      PieceStore reopened = fixture.open();
      assertEquals(pieces, reopened.createOrResume(metadata).presentCount());
      reopened.close();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void writeAndReadBack(StoredTask task, byte[] content, int index)
      throws Exception {
    byte[] bytes = piece(task, content, index);
    try (PieceWriter writer = task.beginPiece(index)) {
      for (int offset = 0; offset < bytes.length; offset += 1000) {
        writer.write(ByteBuffer.wrap(bytes, offset, Math.min(1000, bytes.length - offset)));
      }
      writer.commit(OptionalInt.of(crc(bytes)));
    }
    long offset = task.metadata().layout().offset(index);
    assertArrayEquals(bytes, read(task, offset, bytes.length));
    return null;
  }
}
