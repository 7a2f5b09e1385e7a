package dev.darner.storage;

import dev.darner.task.PieceLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;
import java.util.zip.CRC32C;

/** Checks stored pieces against their CRC32C by reading them back from the data file. */
final class PieceVerifier {

  /** Pieces are read back in chunks of this size. */
  private static final int CHUNK_BYTES = 1 << 20;

  private PieceVerifier() {}

  /**
   * Returns the pieces among {@code journalled} whose bytes in {@code data} do not have the CRC32C
   * in {@code expected}, reading them in chunks so that a large piece needs no large buffer.
   */
  static BitSet piecesFailingCrc(
      FileChannel data, PieceLayout layout, BitSet journalled, int[] expected) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
    CRC32C crc = new CRC32C();
    BitSet failed = new BitSet();
    for (int i = journalled.nextSetBit(0); i >= 0; i = journalled.nextSetBit(i + 1)) {
      if (crcOnDisk(data, layout.offset(i), layout.length(i), chunk, crc) != expected[i]) {
        failed.set(i);
      }
    }
    return failed;
  }

  private static int crcOnDisk(
      FileChannel channel, long offset, int length, ByteBuffer chunk, CRC32C crc)
      throws IOException {
    crc.reset();
    long position = offset;
    long end = offset + length;
    while (position < end) {
      chunk.clear();
      chunk.limit((int) Math.min(chunk.capacity(), end - position));
      int read = channel.read(chunk, position);
      if (read < 0) {
        break;
      }
      chunk.flip();
      crc.update(chunk);
      position += read;
    }
    return (int) crc.getValue();
  }
}
