package dev.darner.storage;

import static dev.darner.storage.StoreFixture.content;
import static dev.darner.storage.StoreFixture.crc;
import static dev.darner.storage.StoreFixture.piece;
import static dev.darner.storage.StoreFixture.read;
import static dev.darner.storage.StoreFixture.store;
import static dev.darner.storage.StoreFixture.storeAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.PieceLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PieceStoreTest {

  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @TempDir Path root;

  private StoreFixture fixture;
  private PieceStore store;

  @BeforeEach
  void openStore() throws IOException {
    fixture = new StoreFixture(root);
    store = fixture.open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void createOrResume_newTask_createsSparseDataFileOfContentLength() throws IOException {
    TaskMetadata metadata = fixture.task("a", 3500);

    StoredTask task = store.createOrResume(metadata);

    assertEquals(metadata, task.metadata());
    assertEquals(3500, Files.size(task.dataFile()));
    assertEquals(0, task.presentCount());
    assertFalse(task.isComplete());
    assertEquals(3500, store.usedBytes());
    assertEquals(List.of(task), store.tasks());
  }

  @Test
  void commit_everyPiece_readsBackTheContent() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    byte[] content = content(3500, 1);

    storeAll(task, content);

    assertEquals(4, task.presentCount());
    assertArrayEquals(content, read(task, 0, 3500));
    assertEquals(OptionalInt.of(crc(piece(task, content, 3))), task.crc(3));
  }

  @Test
  void commit_piecesOutOfOrder_marksOnlyThosePresent() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    byte[] content = content(3500, 1);

    store(task, content, 2);
    store(task, content, 0);

    BitSet expected = new BitSet();
    expected.set(0);
    expected.set(2);
    assertEquals(expected, task.pieces());
    assertTrue(task.hasPiece(2));
    assertFalse(task.hasPiece(1));
    assertEquals(OptionalInt.empty(), task.crc(1));
    assertArrayEquals(piece(task, content, 2), read(task, 2048, 1024));
  }

  @Test
  void read_pastTheEnd_readsOnlyToTheEndOfTheContent() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    storeAll(task, content(3500, 1));
    ByteBuffer dst = ByteBuffer.allocate(1000);

    int tail = task.read(3000, dst);
    int beyond = task.read(3500, ByteBuffer.allocate(10));

    assertEquals(500, tail);
    assertEquals(1000, dst.limit());
    assertEquals(-1, beyond);
  }

  @Test
  void find_afterCreate_returnsTheSameTask() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 100));

    StoredTask found = store.find(task.metadata().id()).orElseThrow();

    assertSame(task, found);
    assertTrue(store.find(fixture.task("b", 100).id()).isEmpty());
  }

  @Test
  void createOrResume_sameLayout_returnsExistingTaskWithItsPieces() throws IOException {
    StoredTask first = store.createOrResume(fixture.task("a", 3500));
    store(first, content(3500, 1), 1);

    StoredTask again = store.createOrResume(fixture.task("a", 3500));

    assertSame(first, again);
    assertTrue(again.hasPiece(1));
    assertEquals(3500, store.usedBytes());
  }

  @Test
  void createOrResume_sameIdOtherLayout_resetsTaskToEmpty() throws IOException {
    StoredTask old = store.createOrResume(fixture.task("a", 3500));
    storeAll(old, content(3500, 1));
    old.markComplete();
    TaskMetadata changed = fixture.task("a", 5000);

    StoredTask reset = store.createOrResume(changed);

    assertNotSame(old, reset);
    assertEquals(changed.layout(), reset.metadata().layout());
    assertEquals(0, reset.presentCount());
    assertFalse(reset.isComplete());
    assertEquals(5000, Files.size(reset.dataFile()));
    assertEquals(5000, store.usedBytes());
    assertThrows(IllegalStateException.class, old::acquire);
  }

  @Test
  void createOrResume_sameIdOtherLayoutWhileLeased_isRefused() throws IOException {
    StoredTask old = store.createOrResume(fixture.task("a", 3500));

    try (Lease lease = old.acquire()) {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class, () -> store.createOrResume(fixture.task("a", 5000)));

      assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
    }
    assertSame(old, store.find(old.metadata().id()).orElseThrow());
  }

  @Test
  void createOrResume_digestOnlyTask_keepsDigestAndEmptyUrl() throws IOException {
    TaskMetadata metadata = fixture.digestTask(100);
    store.createOrResume(metadata);
    store.close();

    store = fixture.open();

    StoredTask reloaded = store.find(metadata.id()).orElseThrow();
    assertEquals(metadata, reloaded.metadata());
  }

  @Test
  void createOrResume_emptyContent_canBeMarkedCompleteAtOnce() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("empty", 0));

    task.markComplete();

    assertTrue(task.isComplete());
    assertEquals(-1, task.read(0, ByteBuffer.allocate(1)));
  }

  @Test
  void markComplete_withAbsentPiece_isRefused() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    store(task, content(3500, 1), 0);

    assertThrows(IllegalStateException.class, task::markComplete);

    assertFalse(task.isComplete());
  }

  @Test
  void markComplete_allPieces_survivesReopen() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    byte[] content = content(3500, 1);
    storeAll(task, content);
    task.markComplete();

    PieceStore reopened = fixture.open();

    StoredTask again = reopened.find(task.metadata().id()).orElseThrow();
    assertTrue(again.isComplete());
    assertEquals(4, again.presentCount());
    assertArrayEquals(content, read(again, 0, 3500));
    reopened.close();
  }

  @Test
  void discardPieces_completeTask_forgetsEveryPieceAlsoAfterReopen() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    storeAll(task, content(3500, 1));
    task.markComplete();

    task.discardPieces();

    assertFalse(task.isComplete());
    assertEquals(0, task.presentCount());
    PieceStore reopened = fixture.open();
    StoredTask again = reopened.createOrResume(fixture.task("a", 3500));
    assertFalse(again.isComplete());
    assertEquals(0, again.presentCount());
    reopened.close();
  }

  @Test
  void remove_unusedTask_deletesItsFilesAndReservation() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    Path dir = task.dataFile().getParent();

    boolean removed = store.remove(task.metadata().id());

    assertTrue(removed);
    assertFalse(Files.exists(dir));
    assertEquals(0, store.usedBytes());
    assertTrue(store.find(task.metadata().id()).isEmpty());
  }

  @Test
  void remove_leasedTask_isRefusedAndKeepsTask() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    Lease lease = task.acquire();

    boolean removed = store.remove(task.metadata().id());

    assertFalse(removed);
    assertTrue(Files.exists(task.dataFile()));
    assertEquals(3500, store.usedBytes());
    lease.close();
    assertTrue(store.remove(task.metadata().id()));
  }

  @Test
  void remove_taskWithPieceBeingWritten_isRefused() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));

    try (PieceWriter writer = task.beginPiece(0)) {
      boolean removed = store.remove(task.metadata().id());

      assertFalse(removed);
    }
  }

  @Test
  void lease_closedTwice_releasesOnlyOnce() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    Lease first = task.acquire();
    Lease second = task.acquire();

    first.close();
    first.close();

    assertFalse(store.remove(task.metadata().id()));
    second.close();
    assertTrue(store.remove(task.metadata().id()));
  }

  @Test
  void createOrResume_beyondQuota_failsNamingTaskNeedQuotaAndUse() throws IOException {
    store.close();
    store = fixture.open(10_000);
    StoredTask held = store.createOrResume(fixture.task("held", 8000));
    Lease lease = held.acquire();
    TaskMetadata big = fixture.task("big", 4096);

    StorageFullException full =
        assertThrows(StorageFullException.class, () -> store.createOrResume(big));

    String message = full.getMessage();
    assertTrue(message.contains(big.id().shortForm()), message);
    assertTrue(message.contains("4.0 KiB (4096 bytes)"), message);
    assertTrue(message.contains("quota is 9.8 KiB (10000 bytes)"), message);
    assertTrue(message.contains("7.8 KiB (8000 bytes) of it is reserved by 1 task"), message);
    assertTrue(message.contains("1 of them in use"), message);
    assertTrue(store.find(big.id()).isEmpty());
    assertFalse(Files.exists(root.resolve("tasks").resolve(big.id().hex())));
    lease.close();
  }

  @Test
  void open_directoryWithoutMetadata_deletesIt() throws IOException {
    TaskMetadata metadata = fixture.task("half", 100);
    Path dir = Files.createDirectories(root.resolve("tasks").resolve(metadata.id().hex()));
    Files.write(dir.resolve("data"), new byte[100]);

    PieceStore reopened = fixture.open();

    assertFalse(Files.exists(dir));
    assertTrue(reopened.find(metadata.id()).isEmpty());
    reopened.close();
  }

  @Test
  void open_unreadableMetadata_deletesTaskAndWarns() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 100));
    Files.writeString(task.dataFile().resolveSibling("meta.json"), "{not json");

    PieceStore reopened = fixture.open();

    assertTrue(reopened.tasks().isEmpty());
    assertEquals(0, reopened.usedBytes());
    assertTrue(logs.messages().get(0).contains("cannot be loaded"), logs.messages().toString());
    reopened.close();
  }

  @Test
  void open_dataFileMissing_keepsTaskWithNoPieces() throws IOException {
    StoredTask task = store.createOrResume(fixture.task("a", 3500));
    storeAll(task, content(3500, 1));
    Files.delete(task.dataFile());

    PieceStore reopened = fixture.open();

    StoredTask again = reopened.createOrResume(fixture.task("a", 3500));
    assertEquals(0, again.presentCount());
    assertEquals(3500, Files.size(again.dataFile()));
    reopened.close();
  }

  @Test
  void tasks_afterReopen_reservesEveryTaskAgain() throws IOException {
    store.createOrResume(fixture.task("a", 3500));
    store.createOrResume(fixture.task("b", 1500));

    PieceStore reopened = fixture.open();

    assertEquals(2, reopened.tasks().size());
    assertEquals(5000, reopened.usedBytes());
    reopened.close();
  }

  @Test
  void createOrResume_afterClose_isRefused() {
    store.close();

    assertThrows(IllegalStateException.class, () -> store.createOrResume(fixture.task("a", 1)));
  }

  @Test
  void createOrResume_layoutWithOtherPieceSize_resets() throws IOException {
    StoredTask old = store.createOrResume(fixture.task("a", 4096));
    TaskMetadata original = old.metadata();
    TaskMetadata otherPieces =
        new TaskMetadata(
            original.id(),
            original.url(),
            new PieceLayout(4096, 2048),
            original.digest(),
            original.createdAt());

    StoredTask reset = store.createOrResume(otherPieces);

    assertEquals(2, reset.metadata().layout().pieceCount());
  }
}
