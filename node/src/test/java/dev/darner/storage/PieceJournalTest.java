package dev.darner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceJournalTest {

  @TempDir Path dir;

  @Test
  void read_appendedRecords_returnsPiecesAndCrcs() throws IOException {
    Path file = dir.resolve("pieces.log");
    try (PieceJournal journal = new PieceJournal(FileChannels.DEFAULT, file, 0)) {
      journal.append(3, 0xCAFEBABE);
      journal.append(0, 42);
    }

    PieceJournal.Contents contents = PieceJournal.read(file, 4);

    assertEquals(bits(0, 3), contents.present());
    assertEquals(0xCAFEBABE, contents.crcs()[3]);
    assertEquals(42, contents.crcs()[0]);
    assertEquals(2L * PieceJournal.RECORD_BYTES, contents.validLength());
    assertFalse(contents.hasTornTail());
  }

  @Test
  void read_missingFile_isEmpty() throws IOException {
    PieceJournal.Contents contents = PieceJournal.read(dir.resolve("absent"), 4);

    assertTrue(contents.present().isEmpty());
    assertEquals(0, contents.validLength());
  }

  @Test
  void read_recordWithBadChecksum_stopsThere() throws IOException {
    Path file = dir.resolve("pieces.log");
    try (PieceJournal journal = new PieceJournal(FileChannels.DEFAULT, file, 0)) {
      journal.append(0, 1);
      journal.append(1, 2);
      journal.append(2, 3);
    }
    flipByte(file, PieceJournal.RECORD_BYTES + 5);

    PieceJournal.Contents contents = PieceJournal.read(file, 4);

    assertEquals(bits(0), contents.present());
    assertEquals(PieceJournal.RECORD_BYTES, contents.validLength());
    assertTrue(contents.hasTornTail());
  }

  @Test
  void read_recordForPieceOutsideTask_stopsThere() throws IOException {
    Path file = dir.resolve("pieces.log");
    try (PieceJournal journal = new PieceJournal(FileChannels.DEFAULT, file, 0)) {
      journal.append(9, 1);
    }

    PieceJournal.Contents contents = PieceJournal.read(file, 4);

    assertTrue(contents.present().isEmpty());
    assertEquals(0, contents.validLength());
  }

  @Test
  void append_afterTornTail_overwritesTheTornBytes() throws IOException {
    Path file = dir.resolve("pieces.log");
    try (PieceJournal journal = new PieceJournal(FileChannels.DEFAULT, file, 0)) {
      journal.append(0, 1);
    }
    Files.write(file, new byte[7], StandardOpenOption.APPEND);
    PieceJournal.Contents found = PieceJournal.read(file, 4);

    try (PieceJournal journal = new PieceJournal(FileChannels.DEFAULT, file, found.validLength())) {
      journal.append(1, 2);
    }

    assertEquals(bits(0, 1), PieceJournal.read(file, 4).present());
    assertEquals(2L * PieceJournal.RECORD_BYTES, Files.size(file));
  }

  @Test
  void rewrite_keepsOnlyTheGivenPieces() throws IOException {
    Path file = dir.resolve("pieces.log");
    int[] crcs = {10, 11, 12, 13};
    try (PieceJournal journal = new PieceJournal(FileChannels.DEFAULT, file, 0)) {
      for (int i = 0; i < 4; i++) {
        journal.append(i, crcs[i]);
      }

      journal.rewrite(bits(1, 3), crcs);
      journal.append(2, 12);
    }

    PieceJournal.Contents contents = PieceJournal.read(file, 4);
    assertEquals(bits(1, 2, 3), contents.present());
    assertEquals(13, contents.crcs()[3]);
    assertEquals(3L * PieceJournal.RECORD_BYTES, Files.size(file));
  }

  @Test
  void clear_forgetsEveryPiece() throws IOException {
    Path file = dir.resolve("pieces.log");
    try (PieceJournal journal = new PieceJournal(FileChannels.DEFAULT, file, 0)) {
      journal.append(0, 1);

      journal.clear();
    }

    assertTrue(PieceJournal.read(file, 4).present().isEmpty());
    assertEquals(0, Files.size(file));
  }

  private static void flipByte(Path file, int position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[position] ^= 0x01;
    Files.write(file, bytes);
  }

  private static BitSet bits(int... indexes) {
    BitSet set = new BitSet();
    for (int index : indexes) {
      set.set(index);
    }
    return set;
  }
}
