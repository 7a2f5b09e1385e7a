package dev.darner.storage;

import static dev.darner.storage.StoreFixture.content;
import static dev.darner.storage.StoreFixture.crc;
import static dev.darner.storage.StoreFixture.piece;
import static dev.darner.storage.StoreFixture.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceWriterTest {

  @TempDir Path root;

  private PieceStore store;
  private StoredTask task;
  private byte[] content;

  @BeforeEach
  void createTask() throws IOException {
    StoreFixture fixture = new StoreFixture(root);
    store = fixture.open();
    task = store.createOrResume(fixture.task("a", 3500));
    content = content(3500, 7);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void commit_crcMismatch_throwsAndLeavesPieceAbsent() throws IOException {
    byte[] bytes = piece(task, content, 1);
    PieceWriter writer = task.beginPiece(1);
    writer.write(ByteBuffer.wrap(bytes));

    PieceCorruptedException corrupted =
        assertThrows(
            PieceCorruptedException.class, () -> writer.commit(OptionalInt.of(crc(bytes) + 1)));

    assertEquals(1, corrupted.index());
    assertEquals(crc(bytes) + 1, corrupted.expectedCrc());
    assertEquals(crc(bytes), corrupted.actualCrc());
    assertFalse(task.hasPiece(1));
    assertEquals(OptionalInt.empty(), task.crc(1));
  }

  @Test
  void beginPiece_afterCorruptedCommit_canWriteThePieceAgain() throws IOException {
    byte[] bytes = piece(task, content, 1);
    PieceWriter bad = task.beginPiece(1);
    bad.write(ByteBuffer.wrap(bytes));
    assertThrows(PieceCorruptedException.class, () -> bad.commit(OptionalInt.of(0)));

    int stored = StoreFixture.store(task, content, 1);

    assertEquals(crc(bytes), stored);
    assertTrue(task.hasPiece(1));
  }

  @Test
  void commit_withoutExpectedCrc_returnsComputedCrc() throws IOException {
    byte[] bytes = piece(task, content, 3);

    int crc;
    try (PieceWriter writer = task.beginPiece(3)) {
      writer.write(ByteBuffer.wrap(bytes));
      crc = writer.commit(OptionalInt.empty());
    }

    assertEquals(crc(bytes), crc);
    assertEquals(OptionalInt.of(crc), task.crc(3));
  }

  @Test
  void write_inSeveralBuffers_appendsAtRunningOffset() throws IOException {
    byte[] bytes = piece(task, content, 2);

    try (PieceWriter writer = task.beginPiece(2)) {
      writer.write(ByteBuffer.wrap(bytes, 0, 100));
      writer.write(ByteBuffer.wrap(bytes, 100, 900).slice());
      writer.write(ByteBuffer.allocateDirect(24).put(bytes, 1000, 24).flip());
      writer.commit(OptionalInt.of(crc(bytes)));
    }

    assertArrayEquals(bytes, read(task, 2048, 1024));
  }

  @Test
  void write_consumesTheBuffer() throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(piece(task, content, 0));

    try (PieceWriter writer = task.beginPiece(0)) {
      writer.write(buffer);

      assertEquals(0, buffer.remaining());
      assertEquals(1024, writer.written());
    }
  }

  @Test
  void write_beyondPieceLength_isRefusedAndWritesNothing() throws IOException {
    try (PieceWriter writer = task.beginPiece(3)) {
      writer.write(ByteBuffer.allocate(400));

      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class, () -> writer.write(ByteBuffer.allocate(100)));

      assertTrue(refused.getMessage().contains("past its end"), refused.getMessage());
      assertEquals(400, writer.written());
    }
  }

  @Test
  void commit_shortPiece_isRefusedAndLeavesPieceAbsent() throws IOException {
    PieceWriter writer = task.beginPiece(0);
    writer.write(ByteBuffer.allocate(1000));

    assertThrows(IllegalStateException.class, () -> writer.commit(OptionalInt.empty()));

    assertFalse(task.hasPiece(0));
    task.beginPiece(0).close();
  }

  @Test
  void beginPiece_pieceBeingWritten_isRefused() {
    PieceWriter first = task.beginPiece(0);

    assertThrows(IllegalStateException.class, () -> task.beginPiece(0));

    first.close();
    task.beginPiece(0).close();
  }

  @Test
  void beginPiece_piecePresent_isRefused() throws IOException {
    StoreFixture.store(task, content, 0);

    assertThrows(IllegalStateException.class, () -> task.beginPiece(0));
  }

  @Test
  void beginPiece_indexOutsideTask_isRefused() {
    assertThrows(IndexOutOfBoundsException.class, () -> task.beginPiece(4));
  }

  @Test
  void close_uncommittedWriter_leavesPieceAbsent() throws IOException {
    try (PieceWriter writer = task.beginPiece(0)) {
      writer.write(ByteBuffer.wrap(piece(task, content, 0)));
    }

    assertFalse(task.hasPiece(0));
  }

  @Test
  void write_afterAbort_isRefused() {
    PieceWriter writer = task.beginPiece(0);
    writer.abort();

    assertThrows(IllegalStateException.class, () -> writer.write(ByteBuffer.allocate(1)));
  }

  @Test
  void close_afterCommit_keepsPiecePresent() throws IOException {
    byte[] bytes = piece(task, content, 0);
    PieceWriter writer = task.beginPiece(0);
    writer.write(ByteBuffer.wrap(bytes));
    writer.commit(OptionalInt.of(crc(bytes)));

    writer.close();

    assertTrue(task.hasPiece(0));
  }
}
