package dev.darner.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.zip.CRC32C;

/**
 * The append-only journal of a task's committed pieces, {@code pieces.log}: one fixed-size record
 * per piece, holding its index, its CRC32C and a checksum of the record itself.
 *
 * <p>Appending one small record per piece keeps a commit at one short write, however many pieces
 * the task has; rewriting a whole list of pieces at every commit would cost quadratic time over a
 * download. The record checksum lets a reader tell a record torn by a crash, or a tail of zeros
 * left by the file system, from a real one: reading stops at the first record that does not check,
 * and the file is cut back to the good records before anything is appended after them.
 */
final class PieceJournal implements AutoCloseable {

  /** Bytes in one record: index, piece CRC32C, record checksum; all big-endian ints. */
  static final int RECORD_BYTES = 12;

  private final FileChannels channels;
  private final Path file;
  private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
  private final CRC32C checksum = new CRC32C();
  private FileChannel channel;
  private long length;

  /**
   * What a journal read from disk holds.
   *
   * @param present the pieces with a good record
   * @param crcs the CRC32C of each present piece, by index
   * @param validLength the length of the prefix made of good records
   * @param fileLength the length of the file as found
   */
  record Contents(BitSet present, int[] crcs, long validLength, long fileLength) {

    /** Returns whether the file ended in bytes that are not a good record. */
    boolean hasTornTail() {
      return fileLength > validLength;
    }
  }

  /** Creates a journal on {@code file} whose first {@code validLength} bytes are good records. */
  PieceJournal(FileChannels channels, Path file, long validLength) {
    this.channels = channels;
    this.file = file;
    this.length = validLength;
  }

  /**
   * Reads the journal at {@code file} of a task of {@code pieceCount} pieces; a missing file reads
   * as an empty journal. A record for a piece outside the task counts as not good.
   */
  static Contents read(Path file, int pieceCount) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      bytes = new byte[0];
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    BitSet present = new BitSet(pieceCount);
    int[] crcs = new int[pieceCount];
    CRC32C check = new CRC32C();
    while (in.remaining() >= RECORD_BYTES) {
      int start = in.position();
      int index = in.getInt();
      int crc = in.getInt();
      int stored = in.getInt();
      check.reset();
      check.update(bytes, start, 8);
      if ((int) check.getValue() != stored || index < 0 || index >= pieceCount) {
        in.position(start);
        break;
      }
      present.set(index);
      crcs[index] = crc;
    }
    return new Contents(present, crcs, in.position(), bytes.length);
  }

  /**
   * Appends the record of piece {@code index} with {@code crc}. The record is written at the end of
   * the good records, so a write that failed half-way is overwritten by the next one.
   */
  synchronized void append(int index, int crc) throws IOException {
    FileChannel out = channel();
    encode(index, crc);
    long position = length;
    while (record.hasRemaining()) {
      position += out.write(record, position);
    }
    length = position;
  }

  /** Forces the records appended so far to disk. */
  void force() throws IOException {
    FileChannel out;
    synchronized (this) {
      out = channel;
    }
    if (out != null) {
      out.force(false);
    }
  }

  /**
   * Replaces the journal with one record per piece in {@code present}, atomically and durably, so
   * that pieces dropped after verification stay dropped.
   */
  synchronized void rewrite(BitSet present, int[] crcs) throws IOException {
    closeChannel();
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    long written = 0;
    try (FileChannel out =
        channels.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
        encode(i, crcs[i]);
        while (record.hasRemaining()) {
          written += out.write(record, written);
        }
      }
      out.force(false);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    length = written;
  }

  /** Empties the journal durably: afterwards no piece is recorded. */
  synchronized void clear() throws IOException {
    FileChannel out = channel();
    out.truncate(0);
    out.force(false);
    length = 0;
  }

  /** Returns the length of the good records, in bytes. */
  synchronized long length() {
    return length;
  }

  @Override
  public synchronized void close() throws IOException {
    closeChannel();
  }

  private void encode(int index, int crc) {
    record.clear();
    record.putInt(index).putInt(crc);
    checksum.reset();
    checksum.update(record.array(), 0, 8);
    record.putInt((int) checksum.getValue());
    record.flip();
  }

  /** Opens the file on first use, cutting off anything after the good records. */
  private FileChannel channel() throws IOException {
    if (channel == null) {
      FileChannel opened = channels.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        if (opened.size() > length) {
          opened.truncate(length);
        }
      } catch (IOException e) {
        opened.close();
        throw e;
      }
      channel = opened;
    }
    return channel;
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      FileChannel closing = channel;
      channel = null;
      closing.close();
    }
  }
}
