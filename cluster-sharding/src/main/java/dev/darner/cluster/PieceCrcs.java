package dev.darner.cluster;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The CRC32C of some pieces of a task, as the coordinator knows them: the back-to-source peer's
 * reports, which every later report must match.
 */
public final class PieceCrcs {

  /** No checksums. */
  public static final PieceCrcs NONE = new PieceCrcs(new int[0], new int[0]);

  private final int[] pieces;
  private final int[] crcs;

  /** Creates the set where {@code crcs[i]} is the checksum of piece {@code pieces[i]}. */
  public PieceCrcs(int[] pieces, int[] crcs) {
    if (pieces.length != crcs.length) {
      throw new IllegalArgumentException(
          "pieces and crcs must have one length, were " + pieces.length + " and " + crcs.length);
    }
    this.pieces = pieces.clone();
    this.crcs = crcs.clone();
  }

  /** Returns the checksum of {@code piece}, if known. */
  public OptionalInt crcOf(int piece) {
    for (int i = 0; i < pieces.length; i++) {
      if (pieces[i] == piece) {
        return OptionalInt.of(crcs[i]);
      }
    }
    return OptionalInt.empty();
  }

  /** Returns the pieces whose checksum is known, in ascending order. */
  public int[] pieces() {
    return pieces.clone();
  }

  /** Returns how many checksums are known. */
  public int size() {
    return pieces.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PieceCrcs that
        && Arrays.equals(pieces, that.pieces)
        && Arrays.equals(crcs, that.crcs);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(pieces) + Arrays.hashCode(crcs);
  }

  @Override
  public String toString() {
    return "PieceCrcs[" + pieces.length + " pieces]";
  }
}
