package dev.darner.download;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * Decides which missing piece of a task to fetch next: pieces a reader is waiting for first (lowest
 * index first, so a client's stream starts at once and a range read is served before the rest),
 * then the remaining pieces in order.
 *
 * <p>Not thread-safe: owned by one task's downloader actor.
 */
final class PieceQueue {

  private final int pieceCount;
  private final BitSet missing;
  private final BitSet inFlight = new BitSet();
  private final BitSet wanted = new BitSet();

  /** Creates the queue of a task of {@code pieceCount} pieces of which {@code present} are held. */
  PieceQueue(int pieceCount, BitSet present) {
    this.pieceCount = pieceCount;
    this.missing = new BitSet(pieceCount);
    missing.set(0, pieceCount);
    missing.andNot(present);
  }

  /** Notes that a reader waits for piece {@code index}, so it jumps the queue. */
  void want(int index) {
    if (missing.get(index)) {
      wanted.set(index);
    }
  }

  /** Returns the next piece to fetch and marks it in flight, or empty when none is left. */
  OptionalInt next() {
    return next(null);
  }

  /**
   * Returns the next piece among {@code allowed} (every piece when null) to fetch and marks it in
   * flight, or empty when none is left.
   */
  OptionalInt next(BitSet allowed) {
    int index = firstNotInFlight(wanted, allowed);
    if (index < 0) {
      index = firstNotInFlight(missing, allowed);
    }
    return take(index);
  }

  /**
   * Returns the next piece among {@code allowed} (every piece when null) that a reader waits for
   * and marks it in flight, or empty when no reader waits for such a piece not already in flight.
   */
  OptionalInt nextWanted(BitSet allowed) {
    return take(firstNotInFlight(wanted, allowed));
  }

  /** Returns whether a reader waits for a piece that is still missing. */
  boolean hasWanted() {
    return !wanted.isEmpty();
  }

  /** Marks piece {@code index} in flight, fetched by someone other than {@link #next}. */
  void sent(int index) {
    inFlight.set(index);
  }

  /** Returns the pieces a reader waits for that are missing and not in flight. */
  BitSet idleWanted() {
    BitSet idle = (BitSet) wanted.clone();
    idle.andNot(inFlight);
    return idle;
  }

  /** Returns the pieces missing and not in flight. */
  BitSet idle() {
    BitSet idle = (BitSet) missing.clone();
    idle.andNot(inFlight);
    return idle;
  }

  /** Returns the first piece a reader waits for, else the first missing piece, else 0. */
  int streamPosition() {
    int waited = wanted.nextSetBit(0);
    if (waited >= 0) {
      return waited;
    }
    return Math.max(0, missing.nextSetBit(0));
  }

  /** Records that piece {@code index} is stored. */
  void stored(int index) {
    missing.clear(index);
    wanted.clear(index);
    inFlight.clear(index);
  }

  /** Records that fetching piece {@code index} failed, so it may be handed out again. */
  void failed(int index) {
    inFlight.clear(index);
  }

  /** Returns whether piece {@code index} is still missing. */
  boolean isMissing(int index) {
    return missing.get(index);
  }

  /** Returns how many pieces are being fetched now. */
  int inFlightCount() {
    return inFlight.cardinality();
  }

  /** Returns whether every piece is stored. */
  boolean isDone() {
    return missing.isEmpty();
  }

  /** Returns the number of pieces of the task. */
  int pieceCount() {
    return pieceCount;
  }

  private OptionalInt take(int index) {
    if (index < 0) {
      return OptionalInt.empty();
    }
    inFlight.set(index);
    return OptionalInt.of(index);
  }

  private int firstNotInFlight(BitSet candidates, BitSet allowed) {
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      if (!inFlight.get(i) && (allowed == null || allowed.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
