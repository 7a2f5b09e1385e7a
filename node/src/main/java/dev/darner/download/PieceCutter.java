package dev.darner.download;

import dev.darner.storage.PieceWriter;
import dev.darner.storage.StoredTask;
import dev.darner.task.PieceLayout;
import java.io.IOException;
import java.util.OptionalInt;
import org.apache.pekko.util.ByteString;

/**
 * Cuts one sequential body, from the first byte of the content, into the task's pieces: each piece
 * is written and committed as its last byte arrives; pieces the store already holds are skipped, so
 * a retried sequential fetch does not write them again.
 *
 * <p>Not thread-safe: driven by one stream.
 */
final class PieceCutter {

  private final StoredTask task;
  private final PieceLayout layout;
  private final OriginPieces.StoredListener listener;
  private int index;
  private int filled;
  private PieceWriter writer;

  PieceCutter(StoredTask task, OriginPieces.StoredListener listener) {
    this.task = task;
    this.layout = task.metadata().layout();
    this.listener = listener;
  }

  /** Takes the next bytes of the body. */
  void accept(ByteString bytes) throws IOException {
    int at = 0;
    while (at < bytes.length()) {
      if (index >= layout.pieceCount()) {
        throw new IOException("origin sent more than the " + layout.contentLength() + " bytes");
      }
      int take = Math.min(layout.length(index) - filled, bytes.length() - at);
      if (!task.hasPiece(index)) {
        if (writer == null) {
          writer = task.beginPiece(index);
        }
        for (java.nio.ByteBuffer buffer : bytes.slice(at, at + take).getByteBuffers()) {
          writer.write(buffer);
        }
      }
      at += take;
      filled += take;
      if (filled == layout.length(index)) {
        completePiece();
      }
    }
  }

  /** Checks that the body held the whole content. */
  void finish() {
    if (index < layout.pieceCount()) {
      throw new IllegalStateException(
          "origin body ended in piece " + index + " of " + layout.pieceCount());
    }
  }

  /** Drops the piece being written, if any; it stays absent. */
  void abandon() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }

  private void completePiece() throws IOException {
    if (writer != null) {
      int crc = writer.commit(OptionalInt.empty());
      writer = null;
      listener.stored(index, crc);
    }
    index++;
    filled = 0;
  }
}
