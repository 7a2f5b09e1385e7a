package dev.darner.simulation;

import java.util.Arrays;

/**
 * The piece transfers of a run in progress, as parallel arrays indexed by a transfer number that is
 * reused once its transfer is over, so that starting a transfer allocates nothing. A transfer is
 * sending until its bytes have left the sender at its reserved rate, then arriving for one latency.
 */
final class Transfers {

  /** The sender of a transfer from the origin to AZ {@code zone}. */
  static int origin(int zone) {
    return -1 - zone;
  }

  /** Returns whether {@code sender} stands for the origin. */
  static boolean isOrigin(int sender) {
    return sender < 0;
  }

  int[] sender = new int[1024];
  int[] receiver = new int[1024];
  int[] piece = new int[1024];
  long[] rate = new long[1024];
  boolean[] sending = new boolean[1024];
  boolean[] aborted = new boolean[1024];
  boolean[] inUse = new boolean[1024];
  private int[] free = new int[0];
  private int freeCount;
  private int used;

  /** Opens a transfer of {@code piece} at {@code bytesPerSecond} and returns its number. */
  int open(int from, int to, int pieceIndex, long bytesPerSecond) {
    int id;
    if (freeCount > 0) {
      id = free[--freeCount];
    } else {
      if (used == sender.length) {
        grow();
      }
      id = used++;
    }
    sender[id] = from;
    receiver[id] = to;
    piece[id] = pieceIndex;
    rate[id] = bytesPerSecond;
    sending[id] = true;
    aborted[id] = false;
    inUse[id] = true;
    return id;
  }

  /** Returns transfer {@code id}'s number to the pool. */
  void release(int id) {
    inUse[id] = false;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, Math.max(64, free.length * 2));
    }
    free[freeCount++] = id;
  }

  /** Returns one more than the highest transfer number ever used. */
  int highWater() {
    return used;
  }

  private void grow() {
    int size = sender.length * 2;
    sender = Arrays.copyOf(sender, size);
    receiver = Arrays.copyOf(receiver, size);
    piece = Arrays.copyOf(piece, size);
    rate = Arrays.copyOf(rate, size);
    sending = Arrays.copyOf(sending, size);
    aborted = Arrays.copyOf(aborted, size);
    inUse = Arrays.copyOf(inUse, size);
  }
}
