package dev.darner.schedule;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.task.HostId;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranks the peers of a task as parents for one child, by the formula of {@code
 * docs/parent-ranking.md}.
 *
 * <p>A decision looks at no more than {@code candidateLimit} usable peers, starting at a position
 * the caller picks (at random), so its cost stays flat however large the swarm grows and equal
 * parents share the load. It looks further only when the window held fewer useful parents than
 * wanted.
 *
 * <p>Each parent it returns is counted as handed out ({@link RecentChildren}), and that count
 * lowers the parent's score in the next decisions at once: without it, every child ranks the same
 * few hosts furthest ahead first, and they queue there while the rest of the swarm's upload idles.
 */
public final class ParentSelector {

  /** What the selector needs to know about a peer, as child or as parent. */
  public interface Candidate {

    /** Returns the host the peer runs on. */
    HostId host();

    /** Returns the pieces the peer holds, one bit per piece, in {@link java.util.BitSet} order. */
    long[] pieces();

    /** Returns how many pieces the peer holds. */
    int heldCount();

    /** Returns whether the peer's host has the seed role. */
    boolean seed();

    /** Returns whether the peer may be offered as a parent at all: live and not blocked. */
    boolean usable();

    /** Returns the host's latest heartbeat, or null when none has been heard. */
    HostHeartbeat heartbeat();

    /** Returns how many failures children of this task reported against the peer. */
    int failures();

    /** Returns the count of children this peer was recently handed to as a parent. */
    RecentChildren recentChildren();

    /** Returns whether this peer, as a child, reported {@code parent} as failing it. */
    boolean avoids(HostId parent);
  }

  /** A parent with its score. */
  public record Ranked(Candidate parent, int usefulPieces, double score) {}

  /**
   * The upload slots assumed of a parent not heard from yet: as many as a child takes parents, so
   * that one full round of children halves its load term.
   */
  private static final int UNKNOWN_CAPACITY = 4;

  private final RankingWeights weights;
  private final int maxParents;
  private final int candidateLimit;
  private final long holdMillis;

  /**
   * Creates a selector.
   *
   * @param maxParents how many parents a decision hands out at most
   * @param candidateLimit how many usable peers a decision scores before it settles
   * @param holdMillis how long a child keeps the parents it is handed: the poll interval
   */
  public ParentSelector(
      RankingWeights weights, int maxParents, int candidateLimit, long holdMillis) {
    if (maxParents < 1) {
      throw new IllegalArgumentException("maxParents must be >= 1, was " + maxParents);
    }
    if (candidateLimit < maxParents) {
      throw new IllegalArgumentException(
          "candidateLimit must be >= maxParents (" + maxParents + "), was " + candidateLimit);
    }
    this.weights = weights;
    this.maxParents = maxParents;
    this.candidateLimit = candidateLimit;
    this.holdMillis = holdMillis;
  }

  /**
   * Returns the best parents for {@code child} among {@code peers}, best first, scanning from index
   * {@code start}; empty when no usable peer holds a piece the child lacks. Counts each parent it
   * returns as handed out at {@code nowMillis}, for the load term of later decisions.
   *
   * @param pieceCount how many pieces the task has
   */
  public List<Ranked> select(
      Candidate child, List<? extends Candidate> peers, int pieceCount, int start, long nowMillis) {
    int missing = pieceCount - child.heldCount();
    int size = peers.size();
    if (missing <= 0 || size == 0) {
      return List.of();
    }
    Candidate[] best = new Candidate[maxParents];
    double[] bestScore = new double[maxParents];
    int[] bestUseful = new int[maxParents];
    int found = 0;
    int scored = 0;
    long[] childPieces = child.pieces();
    HostHeartbeat childBeat = child.heartbeat();
    int childLocationParts = parts(childBeat == null ? "" : childBeat.location());
    for (int step = 0; step < size; step++) {
      if (scored >= candidateLimit && found >= maxParents) {
        break;
      }
      Candidate parent = peers.get(Math.floorMod(start + step, size));
      if (parent == child
          || parent.heldCount() == 0
          || !parent.usable()
          || child.avoids(parent.host())) {
        continue;
      }
      int useful = usefulPieces(childPieces, parent.pieces());
      if (useful == 0) {
        continue;
      }
      scored++;
      double children = parent.recentChildren().at(nowMillis, holdMillis);
      double score = score(useful, missing, children, parent, childBeat, childLocationParts);
      if (found < maxParents || score > bestScore[found - 1]) {
        int at = found < maxParents ? found++ : found - 1;
        while (at > 0 && bestScore[at - 1] < score) {
          best[at] = best[at - 1];
          bestScore[at] = bestScore[at - 1];
          bestUseful[at] = bestUseful[at - 1];
          at--;
        }
        best[at] = parent;
        bestScore[at] = score;
        bestUseful[at] = useful;
      }
    }
    List<Ranked> ranked = new ArrayList<>(found);
    for (int i = 0; i < found; i++) {
      best[i].recentChildren().add(nowMillis, holdMillis);
      ranked.add(new Ranked(best[i], bestUseful[i], bestScore[i]));
    }
    return ranked;
  }

  /**
   * Returns the score of {@code parent} for a child that misses {@code missing} pieces, of which
   * the parent holds {@code useful}, and whose latest heartbeat is {@code childBeat} (null when
   * unknown), when the parent was handed to {@code children} children recently.
   */
  public double score(
      int useful, int missing, double children, Candidate parent, HostHeartbeat childBeat) {
    return score(
        useful,
        missing,
        children,
        parent,
        childBeat,
        parts(childBeat == null ? "" : childBeat.location()));
  }

  private double score(
      int useful,
      int missing,
      double children,
      Candidate parent,
      HostHeartbeat childBeat,
      int childParts) {
    HostHeartbeat beat = parent.heartbeat();
    double pieces = Math.min(1.0, (double) useful / missing);
    double capacity = uploadCapacity(beat);
    double load = capacity / (capacity + children);
    double slots = 0.5;
    double success = 0.5;
    double speed = 0;
    double idc = 0;
    double location = 0;
    if (beat != null) {
      slots =
          beat.uploadCapacity() == 0 ? 0 : (double) beat.freeUploadSlots() / beat.uploadCapacity();
      success = beat.uploadSuccessRate();
      speed =
          (double) beat.uploadBytesPerSecond()
              / (beat.uploadBytesPerSecond() + weights.speedReference());
      if (childBeat != null) {
        idc = !beat.idc().isEmpty() && beat.idc().equals(childBeat.idc()) ? 1 : 0;
        location =
            childParts == 0
                ? 0
                : (double) sharedParts(childBeat.location(), beat.location()) / childParts;
      }
    }
    success /= 1 + parent.failures();
    return weights.pieces() * pieces
        + weights.uploadSlots() * slots
        + weights.load() * load
        + weights.successRate() * success
        + weights.speed() * speed
        + weights.idc() * idc
        + weights.location() * location
        + (parent.seed() ? weights.seed() : 0);
  }

  /** Returns how many pieces {@code parent} holds that {@code child} lacks. */
  public static int usefulPieces(long[] child, long[] parent) {
    int words = Math.min(child.length, parent.length);
    int useful = 0;
    for (int i = 0; i < words; i++) {
      useful += Long.bitCount(parent[i] & ~child[i]);
    }
    for (int i = words; i < parent.length; i++) {
      useful += Long.bitCount(parent[i]);
    }
    return useful;
  }

  private static int uploadCapacity(HostHeartbeat beat) {
    return beat == null || beat.uploadCapacity() <= 0 ? UNKNOWN_CAPACITY : beat.uploadCapacity();
  }

  private static int parts(String location) {
    if (location.isEmpty()) {
      return 0;
    }
    int parts = 1;
    for (int i = 0; i < location.length(); i++) {
      if (location.charAt(i) == '|') {
        parts++;
      }
    }
    return parts;
  }

  /** Returns how many leading {@code |}-separated parts the two locations share. */
  static int sharedParts(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    int shared = 0;
    int i = 0;
    while (true) {
      int endA = a.indexOf('|', i);
      int endB = b.indexOf('|', i);
      int lenA = (endA < 0 ? a.length() : endA) - i;
      int lenB = (endB < 0 ? b.length() : endB) - i;
      if (lenA != lenB || !a.regionMatches(i, b, i, lenA)) {
        return shared;
      }
      shared++;
      if (endA < 0 || endB < 0) {
        return shared;
      }
      i = endA + 1;
    }
  }
}
