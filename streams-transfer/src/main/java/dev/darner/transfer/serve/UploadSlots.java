package dev.darner.transfer.serve;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the pieces a host is uploading, over all its connections, against a maximum. A slot is
 * taken or refused at once, never waited for: a child refused is better off asking another parent.
 */
final class UploadSlots {

  private final int max;
  private final AtomicInteger used = new AtomicInteger();

  UploadSlots(int max) {
    this.max = max;
  }

  /** Takes a slot and returns true, or returns false when all are taken. */
  boolean tryTake() {
    int now;
    do {
      now = used.get();
      if (now >= max) {
        return false;
      }
    } while (!used.compareAndSet(now, now + 1));
    return true;
  }

  /** Gives back a slot taken by {@link #tryTake()}. */
  void release() {
    used.decrementAndGet();
  }

  /** Returns the slots taken. */
  int inUse() {
    return used.get();
  }
}
