package dev.darner.storage;

import static dev.darner.storage.StoreFixture.content;
import static dev.darner.storage.StoreFixture.read;
import static dev.darner.storage.StoreFixture.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming after a crash. A store that is never closed stands for a node killed with SIGKILL: its
 * writes reached the page cache and nothing more, which is exactly what a second store opened on
 * the same directory sees.
 */
class ResumeTest {

  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @TempDir Path root;

  private StoreFixture fixture;
  private byte[] content;

  @BeforeEach
  void setUp() {
    fixture = new StoreFixture(root);
    content = content(5000, 11);
  }

  @Test
  void open_afterKillMidDownload_resumesWithStoredPieces() throws IOException {
    PieceStore killed = fixture.open();
    StoredTask before = killed.createOrResume(fixture.task("a", 5000));
    store(before, content, 0);
    store(before, content, 3);
    before.beginPiece(1).write(ByteBuffer.wrap(new byte[512]));

    PieceStore restarted = fixture.open();
    StoredTask after = restarted.createOrResume(fixture.task("a", 5000));

    assertEquals(pieces(0, 3), after.pieces());
    assertEquals(before.crc(3), after.crc(3));
    assertArrayEquals(read(before, 0, 5000), read(after, 0, 5000));
    assertFalse(after.isComplete());
    store(after, content, 1);
    store(after, content, 2);
    store(after, content, 4);
    after.markComplete();
    assertArrayEquals(content, read(after, 0, 5000));
    assertTrue(logs.messages().isEmpty(), logs.messages().toString());
    restarted.close();
  }

  @Test
  void open_tornJournalTail_ignoresTheTornRecord() throws IOException {
    StoredTask before = fixture.open().createOrResume(fixture.task("a", 5000));
    store(before, content, 0);
    store(before, content, 1);
    Path journal = journalOf(before);
    truncate(journal, 2 * PieceJournal.RECORD_BYTES - 5);

    PieceStore restarted = fixture.open();
    StoredTask after = restarted.createOrResume(fixture.task("a", 5000));

    assertEquals(pieces(0), after.pieces());
    restarted.close();
  }

  @Test
  void open_zeroFilledJournalTail_ignoresTheZeros() throws IOException {
    StoredTask before = fixture.open().createOrResume(fixture.task("a", 5000));
    store(before, content, 2);
    Files.write(journalOf(before), new byte[36], StandardOpenOption.APPEND);

    PieceStore restarted = fixture.open();
    StoredTask after = restarted.createOrResume(fixture.task("a", 5000));

    assertEquals(pieces(2), after.pieces());
    restarted.close();
  }

  @Test
  void commit_afterTornTail_isKeptOnNextOpen() throws IOException {
    StoredTask first = fixture.open().createOrResume(fixture.task("a", 5000));
    store(first, content, 0);
    Files.write(journalOf(first), new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
    StoredTask second = fixture.open().createOrResume(fixture.task("a", 5000));
    store(second, content, 4);

    PieceStore third = fixture.open();
    StoredTask after = third.createOrResume(fixture.task("a", 5000));

    assertEquals(pieces(0, 4), after.pieces());
    assertEquals(2 * PieceJournal.RECORD_BYTES, Files.size(journalOf(after)));
    third.close();
  }

  @Test
  void createOrResume_journalledPieceAlteredOnDisk_dropsThatPieceOnly() throws IOException {
    StoredTask before = fixture.open().createOrResume(fixture.task("a", 5000));
    store(before, content, 0);
    store(before, content, 1);
    store(before, content, 2);
    overwrite(before.dataFile(), 1024 + 100, new byte[] {(byte) ~content[1124]});

    PieceStore restarted = fixture.open();
    StoredTask after = restarted.createOrResume(fixture.task("a", 5000));

    assertEquals(pieces(0, 2), after.pieces());
    assertTrue(logs.messages().get(0).contains("Dropped 1 piece(s)"), logs.messages().toString());
    restarted.close();
  }

  @Test
  void createOrResume_afterDroppingAlteredPiece_keepsItDroppedAcrossRestarts() throws IOException {
    StoredTask before = fixture.open().createOrResume(fixture.task("a", 5000));
    store(before, content, 0);
    store(before, content, 1);
    overwrite(before.dataFile(), 0, new byte[] {(byte) ~content[0]});
    fixture.open().createOrResume(fixture.task("a", 5000));
    overwrite(before.dataFile(), 0, new byte[] {content[0]});

    PieceStore third = fixture.open();
    StoredTask after = third.createOrResume(fixture.task("a", 5000));

    assertEquals(pieces(1), after.pieces());
    third.close();
  }

  @Test
  void open_completeTaskAlteredOnDisk_staysCompleteWithoutRereading() throws IOException {
    StoredTask before = fixture.open().createOrResume(fixture.task("a", 5000));
    StoreFixture.storeAll(before, content);
    before.markComplete();
    overwrite(before.dataFile(), 0, new byte[] {(byte) ~content[0]});

    PieceStore restarted = fixture.open();
    StoredTask after = restarted.createOrResume(fixture.task("a", 5000));

    assertTrue(after.isComplete());
    assertEquals(5, after.presentCount());
    restarted.close();
  }

  @Test
  void open_completeTaskWhoseJournalLostPieces_isIncompleteAndWarns() throws IOException {
    StoredTask before = fixture.open().createOrResume(fixture.task("a", 5000));
    StoreFixture.storeAll(before, content);
    before.markComplete();
    truncate(journalOf(before), 3 * PieceJournal.RECORD_BYTES);

    PieceStore restarted = fixture.open();
    StoredTask after = restarted.createOrResume(fixture.task("a", 5000));

    assertFalse(after.isComplete());
    assertEquals(pieces(0, 1, 2), after.pieces());
    assertTrue(logs.messages().get(0).contains("marked complete"), logs.messages().toString());
    restarted.close();
  }

  @Test
  void open_leftoverTemporaryFiles_areDeleted() throws IOException {
    StoredTask before = fixture.open().createOrResume(fixture.task("a", 5000));
    Path tempMeta = before.dataFile().resolveSibling("meta.json.tmp");
    Files.writeString(tempMeta, "{");

    PieceStore restarted = fixture.open();

    assertFalse(Files.exists(tempMeta));
    assertEquals(1, restarted.tasks().size());
    restarted.close();
  }

  private static BitSet pieces(int... indexes) {
    BitSet set = new BitSet();
    for (int index : indexes) {
      set.set(index);
    }
    return set;
  }

  private static Path journalOf(StoredTask task) {
    return task.dataFile().resolveSibling("pieces.log");
  }

  private static void truncate(Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
    }
  }

  private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), position);
    }
  }
}
