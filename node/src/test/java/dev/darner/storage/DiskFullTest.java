package dev.darner.storage;

import static dev.darner.storage.StoreFixture.content;
import static dev.darner.storage.StoreFixture.crc;
import static dev.darner.storage.StoreFixture.piece;
import static dev.darner.storage.StoreFixture.read;
import static dev.darner.storage.StoreFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that runs out of space, simulated by channels that fail writes as the OS does. */
class DiskFullTest {

  @TempDir Path root;

  private StoreFixture fixture;
  private PieceStore store;
  private StoredTask task;
  private byte[] content;

  @BeforeEach
  void createTask() throws IOException {
    fixture = new StoreFixture(root);
    store = fixture.open();
    task = store.createOrResume(fixture.task("a", 3500));
    content = content(3500, 5);
    store(task, content, 0);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void write_diskFull_throwsStorageFullExceptionNamingTaskAndPiece() throws IOException {
    PieceWriter writer = task.beginPiece(1);
    fixture.channels.fillDisk("data");

    StorageFullException full =
        assertThrows(
            StorageFullException.class,
            () -> writer.write(ByteBuffer.wrap(piece(task, content, 1))));

    String message = full.getMessage();
    assertTrue(message.startsWith("disk full while writing piece 1 of task"), message);
    assertTrue(message.contains(task.metadata().id().shortForm()), message);
    assertTrue(message.contains("No space left on device"), message);
    assertFalse(task.hasPiece(1));
  }

  @Test
  void write_diskFull_abortsWriterSoPieceCanBeginAgain() throws IOException {
    PieceWriter writer = task.beginPiece(1);
    fixture.channels.fillDisk("data");
    assertThrows(
        StorageFullException.class, () -> writer.write(ByteBuffer.wrap(piece(task, content, 1))));
    fixture.channels.freeDisk();

    store(task, content, 1);

    assertThrows(IllegalStateException.class, () -> writer.commit(OptionalInt.empty()));
    assertTrue(task.hasPiece(1));
    assertArrayEquals(piece(task, content, 1), read(task, 1024, 1024));
  }

  @Test
  void commit_journalDiskFull_throwsAndLeavesPieceAbsent() throws IOException {
    byte[] bytes = piece(task, content, 2);
    PieceWriter writer = task.beginPiece(2);
    writer.write(ByteBuffer.wrap(bytes));
    fixture.channels.fillDisk("pieces.log");

    assertThrows(StorageFullException.class, () -> writer.commit(OptionalInt.of(crc(bytes))));

    assertFalse(task.hasPiece(2));
    assertEquals(1, task.presentCount());
    assertTrue(store.find(task.metadata().id()).isPresent());
  }

  @Test
  void open_afterDiskFullDuringCommits_keepsExactlyTheCommittedPieces() throws IOException {
    byte[] bytes = piece(task, content, 2);
    PieceWriter writer = task.beginPiece(2);
    writer.write(ByteBuffer.wrap(bytes));
    fixture.channels.fillDisk("pieces.log");
    assertThrows(StorageFullException.class, () -> writer.commit(OptionalInt.of(crc(bytes))));
    fixture.channels.freeDisk();
    store(task, content, 3);

    PieceStore restarted = fixture.open();

    BitSet expected = new BitSet();
    expected.set(0);
    expected.set(3);
    assertEquals(expected, restarted.createOrResume(fixture.task("a", 3500)).pieces());
    restarted.close();
  }

  @Test
  void createOrResume_diskFullWritingMetadata_failsAndLeavesNoTask() {
    fixture.channels.fillDisk("meta.json.tmp");
    TaskMetadata other = fixture.task("b", 100);

    StorageFullException full =
        assertThrows(StorageFullException.class, () -> store.createOrResume(other));

    assertTrue(full.getMessage().contains("disk full"), full.getMessage());
    assertTrue(store.find(other.id()).isEmpty());
    assertEquals(3500, store.usedBytes());
    assertFalse(Files.exists(root.resolve("tasks").resolve(other.id().hex())));
  }

  @Test
  void markComplete_diskFull_leavesTaskIncomplete() throws IOException {
    store(task, content, 1);
    store(task, content, 2);
    store(task, content, 3);
    fixture.channels.fillDisk("meta.json.tmp");

    java.io.UncheckedIOException failed =
        assertThrows(java.io.UncheckedIOException.class, task::markComplete);

    assertTrue(failed.getCause() instanceof StorageFullException, failed.toString());
    assertFalse(task.isComplete());
    fixture.channels.freeDisk();
    task.markComplete();
    assertTrue(task.isComplete());
  }
}
