package dev.darner.task;

import java.util.Objects;
import java.util.Optional;

/**
 * What a peer must know about a task before it can fetch pieces: its length, how it is cut, and the
 * digest of the whole content when the origin or the user gave one.
 *
 * <p>The peer that goes back to source learns it from the origin and reports it; every other peer
 * receives it from the task's coordinator.
 */
public record TaskMetadata(long contentLength, int pieceSize, Optional<Digest> digest) {

  public TaskMetadata {
    Objects.requireNonNull(digest, "digest");
    new PieceLayout(contentLength, pieceSize);
  }

  /** Returns metadata for content of {@code contentLength} bytes cut as the design fixes it. */
  public static TaskMetadata of(long contentLength, Optional<Digest> digest) {
    return new TaskMetadata(
        contentLength, PieceLayout.forLength(contentLength).pieceSize(), digest);
  }

  /** Returns how the task is cut into pieces. */
  public PieceLayout layout() {
    return new PieceLayout(contentLength, pieceSize);
  }

  /** Returns how many pieces the task has. */
  public int pieceCount() {
    return layout().pieceCount();
  }
}
