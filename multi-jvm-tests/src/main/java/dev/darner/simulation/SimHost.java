package dev.darner.simulation;

import dev.darner.task.HostId;
import java.util.Arrays;

/**
 * One simulated host: its place and links, the pieces it holds and fetches, the parents its
 * coordinator gave it with the pieces each held then, and the children waiting for one of its
 * upload slots. Mutable and owned by one {@link Simulation}; fields are open to the package so that
 * the inner loops of a run stay free of calls and allocation.
 */
final class SimHost {

  final int index;
  final int zone;
  final boolean seed;
  final HostId id;
  final long upCapacity;
  final long downCapacity;
  final int uploadSlots;
  final int downloadSlots;

  long upUsed;
  long downUsed;
  int uploads;
  int downloads;
  long uploadedBytes;

  final long[] have;
  final long[] inFlight;
  final long[] reported;
  int unreported;
  boolean flushPending;
  int held;
  int cursor;

  boolean alive = true;
  boolean joined;
  boolean complete;
  double joinedAt = Double.NaN;
  double completedAt = Double.NaN;

  final int[] parents;
  final long[][] parentPieces;
  int parentCount;
  int nextParent;

  boolean sourcing;
  boolean metadataKnown;
  long[] toFetch;
  int originRequests;
  int remoteSource = -1;

  private int[] children = new int[8];
  private int childCount;

  private int[] waiters = new int[8];
  private int waitHead;
  private int waitSize;
  final int[] waitingAt;

  SimHost(
      int index,
      int zone,
      boolean seed,
      HostId id,
      long upCapacity,
      long downCapacity,
      int uploadSlots,
      int downloadSlots,
      int words,
      int maxParents) {
    this.index = index;
    this.zone = zone;
    this.seed = seed;
    this.id = id;
    this.upCapacity = upCapacity;
    this.downCapacity = downCapacity;
    this.uploadSlots = uploadSlots;
    this.downloadSlots = downloadSlots;
    this.have = new long[words];
    this.inFlight = new long[words];
    this.reported = new long[words];
    this.toFetch = new long[words];
    this.parents = new int[maxParents];
    this.parentPieces = new long[maxParents][words];
    this.waitingAt = new int[maxParents];
    Arrays.fill(waitingAt, -1);
  }

  /** Returns whether the host can start one more upload now, at no less than a slot's share. */
  boolean canUpload() {
    return alive && uploads < uploadSlots && upCapacity - upUsed >= upCapacity / uploadSlots;
  }

  /** Returns whether the host can start one more download now, at no less than a slot's share. */
  boolean canDownload() {
    return downloads < downloadSlots && downCapacity - downUsed >= downCapacity / downloadSlots;
  }

  /** Returns whether the host holds {@code piece}. */
  boolean holds(int piece) {
    return (have[piece >>> 6] & (1L << piece)) != 0;
  }

  /** Queues {@code child} for this host's next free upload slot, once. */
  void addWaiter(SimHost child) {
    int free = -1;
    for (int i = 0; i < child.waitingAt.length; i++) {
      if (child.waitingAt[i] == index) {
        return;
      }
      if (child.waitingAt[i] < 0 && free < 0) {
        free = i;
      }
    }
    if (free < 0) {
      return;
    }
    child.waitingAt[free] = index;
    if (waitSize == waiters.length) {
      int[] grown = new int[waiters.length * 2];
      for (int i = 0; i < waitSize; i++) {
        grown[i] = waiters[(waitHead + i) % waiters.length];
      }
      waiters = grown;
      waitHead = 0;
    }
    waiters[(waitHead + waitSize++) % waiters.length] = child.index;
  }

  /** Returns whether some child waits for an upload slot. */
  boolean hasWaiters() {
    return waitSize > 0;
  }

  /** Removes and returns the child that waited longest. */
  int takeWaiter() {
    int child = waiters[waitHead];
    waitHead = (waitHead + 1) % waiters.length;
    waitSize--;
    return child;
  }

  /** Forgets that this host waits at {@code parent}. */
  void stopWaitingAt(int parent) {
    for (int i = 0; i < waitingAt.length; i++) {
      if (waitingAt[i] == parent) {
        waitingAt[i] = -1;
      }
    }
  }

  /** Records {@code child} as holding this host among its parents, once. */
  void addChild(int child) {
    for (int i = 0; i < childCount; i++) {
      if (children[i] == child) {
        return;
      }
    }
    if (childCount == children.length) {
      children = Arrays.copyOf(children, childCount * 2);
    }
    children[childCount++] = child;
  }

  /** Returns how many children are recorded, some of which may have moved on. */
  int childCount() {
    return childCount;
  }

  /** Returns the recorded child at {@code i}. */
  int child(int i) {
    return children[i];
  }

  /** Forgets the recorded child at {@code i}; the last one takes its place. */
  void removeChild(int i) {
    children[i] = children[--childCount];
  }

  /** Returns the slot in which this host holds {@code parent}, or -1. */
  int slotOf(int parent) {
    for (int slot = 0; slot < parentCount; slot++) {
      if (parents[slot] == parent) {
        return slot;
      }
    }
    return -1;
  }

  /** Drops the parent in slot {@code slot}, keeping the others in rank order. */
  void dropParent(int slot) {
    long[] freed = parentPieces[slot];
    for (int i = slot; i < parentCount - 1; i++) {
      parents[i] = parents[i + 1];
      parentPieces[i] = parentPieces[i + 1];
    }
    parentCount--;
    parentPieces[parentCount] = freed;
  }
}
