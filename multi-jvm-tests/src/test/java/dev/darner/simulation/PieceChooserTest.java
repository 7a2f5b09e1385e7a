package dev.darner.simulation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.HostId;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PieceChooserTest {

  private static final int PIECES = 1280;
  private static final int WORDS = PIECES / 64;

  @Test
  void choose_seedHoldsPrefix_spreadsChildrenOverThePrefix() {
    PieceChooser chooser = new PieceChooser(PIECES, 16, new SplittableRandom(1));
    int[] chosen = new int[PIECES];

    for (int i = 0; i < 1000; i++) {
      SimHost child = childOfSeedHolding(100);
      chosen[chooser.choose(child, 0, true)]++;
    }

    int most = 0;
    for (int count : chosen) {
      most = Math.max(most, count);
    }
    assertTrue(most < 50, "one piece was chosen by " + most + " of 1000 children");
  }

  @Test
  void choose_nothingUseful_returnsMinusOne() {
    PieceChooser chooser = new PieceChooser(PIECES, 16, new SplittableRandom(1));
    SimHost child = childOfSeedHolding(100);
    for (int piece = 0; piece < 100; piece++) {
      child.have[piece >>> 6] |= 1L << piece;
    }

    int piece = chooser.choose(child, 0, true);

    assertTrue(piece == -1, "chose " + piece);
  }

  /** Returns a child that holds nothing and whose one parent holds pieces 0 to {@code held}. */
  private static SimHost childOfSeedHolding(int held) {
    SimHost child = new SimHost(0, 0, false, HostId.of("10.0.0.1", 65002), 1, 1, 8, 8, WORDS, 8);
    for (int piece = 0; piece < held; piece++) {
      child.parentPieces[0][piece >>> 6] |= 1L << piece;
    }
    child.parents[0] = 1;
    child.parentCount = 1;
    return child;
  }
}
