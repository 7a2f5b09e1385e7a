package dev.darner.simulation;

import java.util.SplittableRandom;

/**
 * Chooses the piece a host fetches next from one parent, as the design asks: the first missing
 * pieces in order (so a client's stream starts at once), then the rarest.
 *
 * <p>A host knows of a parent only the pieces its coordinator listed in the last answer, so rarity
 * is counted over the host's own parents, the only piece sets it knows. The rarest-first search
 * starts at a piece drawn uniformly from the candidates and looks at a bounded number of them,
 * which spreads hosts over different pieces, as the node's planner does by shuffling equally rare
 * pieces per child, and keeps each choice cheap.
 */
final class PieceChooser {

  /** How many candidate pieces the rarest-first search compares before it settles. */
  private static final int RARE_SAMPLE = 64;

  private final int pieceCount;
  private final int window;
  private final SplittableRandom random;

  PieceChooser(int pieceCount, int window, SplittableRandom random) {
    this.pieceCount = pieceCount;
    this.window = window;
    this.random = random;
  }

  /**
   * Returns a piece that the parent in {@code slot} of {@code child} is known to hold and the child
   * neither holds nor fetches; -1 when there is none. From a seed peer it takes the rarest piece
   * even inside the window: when every host fetched the seed's next piece in order, they would all
   * hold the same pieces and have nothing to give each other.
   */
  int choose(SimHost child, int slot, boolean fromSeed) {
    long[] known = child.parentPieces[slot];
    if (!fromSeed) {
      int piece = inWindow(child, known);
      if (piece >= 0) {
        return piece;
      }
    }
    return rarest(child, known);
  }

  private int inWindow(SimHost child, long[] known) {
    int from = child.cursor;
    int end = Math.min(pieceCount, from + window);
    for (int w = from >>> 6; from < end && w <= (end - 1) >>> 6; w++) {
      long candidates = known[w] & ~child.have[w] & ~child.inFlight[w];
      if (w == from >>> 6) {
        candidates &= -1L << (from & 63);
      }
      if (candidates != 0) {
        int piece = (w << 6) + Long.numberOfTrailingZeros(candidates);
        return piece < end ? piece : -1;
      }
    }
    return -1;
  }

  private int rarest(SimHost child, long[] known) {
    int words = known.length;
    int start = randomCandidate(child, known);
    if (start < 0) {
      return -1;
    }
    int best = -1;
    int bestCount = Integer.MAX_VALUE;
    int seen = 0;
    for (int i = 0; i <= words && seen < RARE_SAMPLE; i++) {
      int w = ((start >>> 6) + i) % words;
      long candidates = known[w] & ~child.have[w] & ~child.inFlight[w];
      if (i == 0) {
        candidates &= -1L << (start & 63);
      } else if (i == words) {
        candidates &= ~(-1L << (start & 63));
      }
      while (candidates != 0 && seen < RARE_SAMPLE) {
        int piece = (w << 6) + Long.numberOfTrailingZeros(candidates);
        candidates &= candidates - 1;
        seen++;
        int count = holders(child, piece);
        if (count < bestCount) {
          best = piece;
          bestCount = count;
          if (count <= 1) {
            return best;
          }
        }
      }
    }
    return best;
  }

  /**
   * Returns a piece drawn uniformly from those the parent is known to hold and the child neither
   * holds nor fetches; -1 when there is none. Starting the search there, rather than at a random
   * piece of the whole task, keeps children of one parent from piling onto its lowest pieces: a
   * parent that holds a prefix of the task would otherwise be asked for the prefix's first missing
   * piece by every child whose random start fell past it.
   */
  private int randomCandidate(SimHost child, long[] known) {
    int total = 0;
    for (int w = 0; w < known.length; w++) {
      total += Long.bitCount(known[w] & ~child.have[w] & ~child.inFlight[w]);
    }
    if (total == 0) {
      return -1;
    }
    int k = random.nextInt(total);
    for (int w = 0; ; w++) {
      long candidates = known[w] & ~child.have[w] & ~child.inFlight[w];
      int count = Long.bitCount(candidates);
      if (k < count) {
        for (; k > 0; k--) {
          candidates &= candidates - 1;
        }
        return (w << 6) + Long.numberOfTrailingZeros(candidates);
      }
      k -= count;
    }
  }

  private static int holders(SimHost child, int piece) {
    int word = piece >>> 6;
    long mask = 1L << piece;
    int count = 0;
    for (int i = 0; i < child.parentCount; i++) {
      if ((child.parentPieces[i][word] & mask) != 0) {
        count++;
      }
    }
    return count;
  }
}
