package dev.darner.download;

import dev.darner.cluster.FailureKind;
import dev.darner.cluster.Parent;
import dev.darner.cluster.PieceCrcs;
import dev.darner.task.HostId;
import dev.darner.transfer.fetch.ParentFailure;
import dev.darner.transfer.fetch.PieceFetchPlanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What one downloader knows of its task's peers: the parents its coordinator assigned, the CRC32C
 * of each piece as the coordinator has it, how many requests are out to each parent, and which
 * parents failed lately and are avoided for a while.
 *
 * <p>Not thread-safe: owned by one task's downloader actor.
 */
final class PeerView {

  private final PieceFetchPlanner planner;
  private final Duration avoidFor;
  private List<Parent> parents = List.of();
  private final Map<Integer, Integer> crcs = new HashMap<>();
  private final Map<HostId, Integer> inFlight = new HashMap<>();
  private final Map<HostId, Long> avoidedUntil = new HashMap<>();

  PeerView(PieceFetchPlanner planner, Duration avoidFor) {
    this.planner = planner;
    this.avoidFor = avoidFor;
  }

  /** Takes the parents and CRCs of the coordinator's latest answer. */
  void update(List<Parent> assigned, PieceCrcs known) {
    parents = List.copyOf(assigned);
    int[] pieces = known.pieces();
    for (int piece : pieces) {
      known.crcOf(piece).ifPresent(crc -> crcs.put(piece, crc));
    }
  }

  /** Records the CRC32C of a piece this node stored itself. */
  void knowCrc(int piece, int crc) {
    crcs.put(piece, crc);
  }

  /** Returns the CRC32C of {@code piece}, if the coordinator has told it. */
  OptionalInt crcOf(int piece) {
    Integer crc = crcs.get(piece);
    return crc == null ? OptionalInt.empty() : OptionalInt.of(crc);
  }

  /** Returns whether any parent is assigned at all. */
  boolean hasParents() {
    return !parents.isEmpty();
  }

  /**
   * Returns which parent to ask for which piece next, among {@code wanted} (missing, not in
   * flight): only pieces whose CRC is known can be checked, so only those are asked for.
   */
  List<PieceFetchPlanner.Assignment> plan(BitSet wanted, int streamPosition, long nowMillis) {
    BitSet checkable = new BitSet();
    for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
      if (crcs.containsKey(i)) {
        checkable.set(i);
      }
    }
    if (checkable.isEmpty() || parents.isEmpty()) {
      return List.of();
    }
    List<PieceFetchPlanner.Parent> candidates = new ArrayList<>(parents.size());
    for (Parent p : parents) {
      boolean avoided = avoidedUntil.getOrDefault(p.host(), 0L) > nowMillis;
      candidates.add(
          new PieceFetchPlanner.Parent(
              p.host(), p.pieces(), inFlight.getOrDefault(p.host(), 0), avoided));
    }
    return planner.next(checkable, streamPosition, candidates);
  }

  /** Records that a request went out to {@code parent}. */
  void sent(HostId parent) {
    inFlight.merge(parent, 1, Integer::sum);
  }

  /** Records that a request to {@code parent} came back, well or not. */
  void answered(HostId parent) {
    inFlight.computeIfPresent(parent, (p, n) -> n <= 1 ? null : n - 1);
  }

  /**
   * Records that {@code parent} failed with {@code failure}; a parent at fault is avoided for a
   * while. Returns what to report to the coordinator.
   */
  FailureKind failed(HostId parent, Throwable failure, long nowMillis) {
    ParentFailure.Kind kind =
        failure instanceof ParentFailure pf ? pf.kind() : ParentFailure.Kind.CLOSED;
    if (kind.parentAtFault()) {
      avoidedUntil.put(parent, nowMillis + avoidFor.toMillis());
    }
    return switch (kind) {
      case UNREACHABLE, CLOSED -> FailureKind.UNREACHABLE;
      case STALLED -> FailureKind.TIMED_OUT;
      case BUSY, NOT_FOUND -> FailureKind.REFUSED;
      case CORRUPT -> FailureKind.BAD_PIECE;
    };
  }
}
