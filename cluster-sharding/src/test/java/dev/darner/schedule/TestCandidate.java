package dev.darner.schedule;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.task.HostId;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/** A peer for selector tests, built with chained setters. */
final class TestCandidate implements ParentSelector.Candidate {

  private final HostId host;
  private final long[] pieces;
  private final int held;
  boolean seed;
  boolean usable = true;
  HostHeartbeat beat;
  int failures;
  final Set<HostId> avoided = new HashSet<>();
  final RecentChildren children = new RecentChildren();

  TestCandidate(String host, int pieceCount, int fromPiece, int toPiece) {
    this.host = new HostId(host);
    BitSet bits = new BitSet(pieceCount);
    bits.set(fromPiece, toPiece);
    long[] words = new long[(pieceCount + 63) / 64];
    long[] set = bits.toLongArray();
    System.arraycopy(set, 0, words, 0, set.length);
    this.pieces = words;
    this.held = toPiece - fromPiece;
  }

  TestCandidate beat(HostHeartbeat heartbeat) {
    this.beat = heartbeat;
    return this;
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
    return usable;
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
    return avoided.contains(parent);
  }

  static HostHeartbeat beat(
      int free, int capacity, double success, long speed, String idc, String location) {
    return new HostHeartbeat(0.2, free, capacity, success, speed, false, idc, location);
  }
}
