package dev.darner.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.zip.CRC32C;

/**
 * Writes one piece of a task into its place in the data file, computing its CRC32C on the way. The
 * piece becomes present only when {@link #commit} succeeds; until then, and after an abort or a
 * failed write, it stays absent and may be begun again.
 *
 * <p>Confined to one thread. Each {@link #write} costs one positional write to the file and no
 * allocation, so a piece goes to disk at the speed of the disk.
 */
public final class PieceWriter implements AutoCloseable {

  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  private final StoredTask task;
  private final int index;
  private final long offset;
  private final int length;
  private final CRC32C crc = new CRC32C();
  private int written;
  private State state = State.OPEN;

  PieceWriter(StoredTask task, int index, long offset, int length) {
    this.task = task;
    this.index = index;
    this.offset = offset;
    this.length = length;
  }

  /** Returns the index of the piece being written. */
  public int index() {
    return index;
  }

  /** Returns how many bytes the piece has in all. */
  public int length() {
    return length;
  }

  /** Returns how many bytes were written so far. */
  public int written() {
    return written;
  }

  /**
   * Writes all remaining bytes of {@code bytes} after those written so far, consuming them.
   *
   * @throws IllegalArgumentException when the bytes would run past the end of the piece; nothing is
   *     written then
   * @throws StorageFullException when the disk is full; the writer is then aborted
   * @throws IOException when the write fails otherwise; the writer is then aborted
   */
  public void write(ByteBuffer bytes) throws IOException {
    checkOpen();
    int count = bytes.remaining();
    if (count > length - written) {
      throw new IllegalArgumentException(
          "piece "
              + index
              + " has "
              + length
              + " bytes: "
              + count
              + " more after "
              + written
              + " would run past its end");
    }
    int start = bytes.position();
    crc.update(bytes);
    bytes.position(start);
    try {
      FileChannel channel = task.dataChannel();
      long position = offset + written;
      while (bytes.hasRemaining()) {
        position += channel.write(bytes, position);
      }
    } catch (IOException e) {
      abort();
      throw task.translate(index, e);
    }
    written += count;
  }

  /**
   * Commits the piece: checks that all its bytes were written and, when {@code expectedCrc} is
   * given, that they have that CRC32C; then records the piece as present in the journal.
   *
   * @return the CRC32C of the piece
   * @throws IllegalStateException when fewer bytes than the piece's length were written; the writer
   *     is then aborted
   * @throws PieceCorruptedException when the CRC32C differs; the writer is then aborted
   * @throws StorageFullException when the disk is full; the writer is then aborted
   */
  public int commit(OptionalInt expectedCrc) throws IOException {
    checkOpen();
    if (written != length) {
      abort();
      throw new IllegalStateException(
          "piece " + index + " has " + length + " bytes but only " + written + " were written");
    }
    int actual = (int) crc.getValue();
    if (expectedCrc.isPresent() && expectedCrc.getAsInt() != actual) {
      abort();
      throw new PieceCorruptedException(index, expectedCrc.getAsInt(), actual);
    }
    try {
      task.commitPiece(index, actual, length);
    } catch (IOException e) {
      abort();
      throw task.translate(index, e);
    }
    state = State.COMMITTED;
    return actual;
  }

  /** Abandons the piece, which stays absent. Does nothing after a commit or an abort. */
  public void abort() {
    if (state == State.OPEN) {
      state = State.ABORTED;
      task.endWrite(index);
    }
  }

  /** Aborts the piece unless it was committed. */
  @Override
  public void close() {
    abort();
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          "writer of piece " + index + " was already " + state.name().toLowerCase(Locale.ROOT));
    }
  }
}
