package dev.darner.storage;

/**
 * Thrown when a piece's bytes do not have the CRC32C they were expected to have. The piece stays
 * absent, so it can be fetched again, from another parent or from the origin.
 */
public final class PieceCorruptedException extends RuntimeException {

  private final int index;
  private final int expectedCrc;
  private final int actualCrc;

  /** Creates the exception for piece {@code index} whose bytes had {@code actualCrc}. */
  public PieceCorruptedException(int index, int expectedCrc, int actualCrc) {
    super(
        String.format(
            "piece %d failed verification: expected CRC32C %08x, got %08x",
            index, expectedCrc, actualCrc));
    this.index = index;
    this.expectedCrc = expectedCrc;
    this.actualCrc = actualCrc;
  }

  /** Returns the index of the corrupted piece. */
  public int index() {
    return index;
  }

  /** Returns the CRC32C the piece was expected to have. */
  public int expectedCrc() {
    return expectedCrc;
  }

  /** Returns the CRC32C of the bytes actually received. */
  public int actualCrc() {
    return actualCrc;
  }
}
