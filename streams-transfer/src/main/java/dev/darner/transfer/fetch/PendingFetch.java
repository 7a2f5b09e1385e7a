package dev.darner.transfer.fetch;

import dev.darner.transfer.VerifiedPiece;
import java.util.concurrent.CompletableFuture;

/** One request on its way to a parent, and the future its answer completes. */
record PendingFetch(
    long requestId, ExpectedPiece expected, CompletableFuture<VerifiedPiece> result) {

  /** Returns a new pending fetch of {@code expected}, its future not yet complete. */
  static PendingFetch of(long requestId, ExpectedPiece expected) {
    return new PendingFetch(requestId, expected, new CompletableFuture<>());
  }
}
