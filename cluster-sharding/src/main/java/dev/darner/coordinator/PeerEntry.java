package dev.darner.coordinator;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.schedule.ParentSelector;
import dev.darner.schedule.RecentChildren;
import dev.darner.task.HostId;
import java.util.Arrays;

/**
 * One peer of a task as its coordinator sees it. Kept small, since a coordinator holds one per peer
 * of its AZ: the piece bits, a few counters, and a reference to the host's latest heartbeat.
 */
final class PeerEntry implements ParentSelector.Candidate {

  private static final HostId[] NONE = new HostId[0];

  /** How many failing parents a child remembers; older ones get another chance. */
  private static final int MAX_AVOIDED = 4;

  private final HostId host;
  private long[] pieces;
  private int held;
  boolean seed;
  boolean blocked;
  HostHeartbeat beat;
  int failures;
  long lastSeenMillis;
  private HostId[] avoided = NONE;
  private final RecentChildren children = new RecentChildren();

  PeerEntry(HostId host, boolean seed, long[] pieces, long nowMillis) {
    this.host = host;
    this.seed = seed;
    this.pieces = pieces;
    this.held = count(pieces);
    this.lastSeenMillis = nowMillis;
  }

  @Override
  public HostId host() {
    return host;
  }

  @Override
  public long[] pieces() {
    return pieces;
  }

  @Override
  public int heldCount() {
    return held;
  }

  @Override
  public boolean seed() {
    return seed;
  }

  @Override
  public boolean usable() {
    return !blocked;
  }

  @Override
  public HostHeartbeat heartbeat() {
    return beat;
  }

  @Override
  public int failures() {
    return failures;
  }

  @Override
  public RecentChildren recentChildren() {
    return children;
  }

  @Override
  public boolean avoids(HostId parent) {
    for (HostId failed : avoided) {
      if (failed.equals(parent)) {
        return true;
      }
    }
    return false;
  }

  void avoid(HostId parent) {
    if (avoids(parent)) {
      return;
    }
    if (avoided.length < MAX_AVOIDED) {
      avoided = Arrays.copyOf(avoided, avoided.length + 1);
    } else {
      System.arraycopy(avoided, 1, avoided, 0, avoided.length - 1);
    }
    avoided[avoided.length - 1] = parent;
  }

  /** Replaces the piece bits with {@code bits}, as a re-announcing peer knows best. */
  void replacePieces(long[] bits) {
    pieces = bits;
    held = count(bits);
  }

  /** Sets the bit of {@code piece} and returns whether it was new. */
  boolean addPiece(int piece) {
    long mask = 1L << piece;
    int word = piece >>> 6;
    if ((pieces[word] & mask) != 0) {
      return false;
    }
    pieces[word] |= mask;
    held++;
    return true;
  }

  private static int count(long[] bits) {
    int n = 0;
    for (long word : bits) {
      n += Long.bitCount(word);
    }
    return n;
  }
}
