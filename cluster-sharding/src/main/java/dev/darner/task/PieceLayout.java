package dev.darner.task;

/**
 * How a task of a known length is cut into pieces: every piece has {@link #pieceSize()} bytes but
 * the last, which holds the rest.
 *
 * <p>The piece size follows from the length alone (see {@link #forLength}), so every host cuts the
 * same content the same way without asking anyone.
 */
public record PieceLayout(long contentLength, int pieceSize) {

  /** The smallest piece: below it, per-piece overhead (a request, a report) starts to show. */
  public static final int MIN_PIECE_SIZE = 4 << 20;

  /** The largest piece: above it, a lost piece costs too much to fetch again. */
  public static final int MAX_PIECE_SIZE = 64 << 20;

  /** Larger files get larger pieces, so a task keeps about this many pieces at most. */
  public static final int TARGET_MAX_PIECES = 2048;

  public PieceLayout {
    if (contentLength < 0) {
      throw new IllegalArgumentException("contentLength must be >= 0, was " + contentLength);
    }
    if (pieceSize <= 0) {
      throw new IllegalArgumentException("pieceSize must be > 0, was " + pieceSize);
    }
  }

  /**
   * Returns the layout for content of {@code contentLength} bytes: the smallest power of two that
   * keeps the task within {@link #TARGET_MAX_PIECES} pieces, held between {@link #MIN_PIECE_SIZE}
   * and {@link #MAX_PIECE_SIZE}.
   */
  public static PieceLayout forLength(long contentLength) {
    if (contentLength < 0) {
      throw new IllegalArgumentException("contentLength must be >= 0, was " + contentLength);
    }
    long wanted = (contentLength + TARGET_MAX_PIECES - 1) / TARGET_MAX_PIECES;
    long size = MIN_PIECE_SIZE;
    while (size < wanted && size < MAX_PIECE_SIZE) {
      size <<= 1;
    }
    return new PieceLayout(contentLength, (int) size);
  }

  /** Returns how many pieces the task has; zero for empty content. */
  public int pieceCount() {
    return (int) ((contentLength + pieceSize - 1) / pieceSize);
  }

  /** Returns the offset of the first byte of piece {@code index}. */
  public long offset(int index) {
    checkIndex(index);
    return (long) index * pieceSize;
  }

  /** Returns the number of bytes in piece {@code index}: the piece size, less for the last. */
  public int length(int index) {
    checkIndex(index);
    return (int) Math.min(pieceSize, contentLength - offset(index));
  }

  /** Returns the index of the piece that holds the byte at {@code position}. */
  public int pieceAt(long position) {
    if (position < 0 || position >= contentLength) {
      throw new IndexOutOfBoundsException(
          "position " + position + " outside content of " + contentLength + " bytes");
    }
    return (int) (position / pieceSize);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= pieceCount()) {
      throw new IndexOutOfBoundsException("piece " + index + " outside 0.." + (pieceCount() - 1));
    }
  }
}
