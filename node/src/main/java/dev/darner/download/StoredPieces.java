package dev.darner.download;

import dev.darner.storage.PieceStore;
import dev.darner.storage.StoredTask;
import dev.darner.task.PieceLayout;
import dev.darner.task.TaskId;
import dev.darner.transfer.serve.LocalPieces;
import dev.darner.transfer.serve.ServablePiece;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The pieces this node serves to its peers: every piece its store holds and has verified, while the
 * task is still downloading too (pipelining). It answers from the store's memory only; the bytes
 * are read from the task's data file as the piece is sent.
 */
public final class StoredPieces implements LocalPieces {

  private final PieceStore store;
  private final int chunkSize;

  /** Creates the view of {@code store} that serves pieces in chunks of {@code chunkSize}. */
  public StoredPieces(PieceStore store, int chunkSize) {
    this.store = store;
    this.chunkSize = chunkSize;
  }

  @Override
  public Optional<ServablePiece> open(TaskId task, int index) {
    Optional<StoredTask> stored = store.find(task);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    StoredTask t = stored.get();
    PieceLayout layout = t.metadata().layout();
    if (index < 0 || index >= layout.pieceCount() || !t.hasPiece(index)) {
      return Optional.empty();
    }
    OptionalInt crc = t.crc(index);
    if (crc.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ServablePiece.inFile(
            t.dataFile(), layout.offset(index), layout.length(index), crc.getAsInt(), chunkSize));
  }
}
