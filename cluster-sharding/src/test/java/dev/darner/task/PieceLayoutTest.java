package dev.darner.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PieceLayoutTest {

  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @Test
  void forLength_smallFile_floorPieceSize() {
    PieceLayout layout = PieceLayout.forLength(10 * MIB);

    assertEquals(4 * MIB, layout.pieceSize());
    assertEquals(3, layout.pieceCount());
    assertEquals(2 * MIB, layout.length(2));
  }

  @Test
  void forLength_oneGib_fourMibPieces() {
    assertEquals(4 * MIB, PieceLayout.forLength(GIB).pieceSize());
    assertEquals(256, PieceLayout.forLength(GIB).pieceCount());
  }

  @Test
  void forLength_twentyGib_keepsPieceCountBounded() {
    PieceLayout layout = PieceLayout.forLength(20 * GIB);

    assertEquals(16 * MIB, layout.pieceSize());
    assertTrue(layout.pieceCount() <= PieceLayout.TARGET_MAX_PIECES);
  }

  @Test
  void forLength_hugeFile_capsPieceSize() {
    assertEquals(64 * MIB, PieceLayout.forLength(4096 * GIB).pieceSize());
  }

  @Test
  void forLength_empty_noPieces() {
    assertEquals(0, PieceLayout.forLength(0).pieceCount());
  }

  @Test
  void pieceAt_lastByte_lastPiece() {
    PieceLayout layout = PieceLayout.forLength(10 * MIB);

    assertEquals(2, layout.pieceAt(10 * MIB - 1));
    assertEquals(0, layout.pieceAt(0));
    assertThrows(IndexOutOfBoundsException.class, () -> layout.pieceAt(10 * MIB));
  }

  @Test
  void offset_outsideTask_refused() {
    assertThrows(IndexOutOfBoundsException.class, () -> PieceLayout.forLength(MIB).offset(1));
  }
}
