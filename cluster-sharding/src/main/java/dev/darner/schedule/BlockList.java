package dev.darner.schedule;

import dev.darner.cluster.FailureKind;
import dev.darner.task.HostId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps hosts that served bad pieces or failed children repeatedly out of parent lists for a while.
 *
 * <p>Each reported failure is a strike: {@code threshold} strikes within {@code window} block the
 * host for {@code blockFor}, after which it is released with a clean slate. A bad piece counts as
 * {@code threshold} strikes at once, because one corrupt piece already costs every child that
 * fetched it a retry. A refusal counts for nothing: a parent out of upload slots is busy, not
 * broken. Time is passed in, in milliseconds, so tests and simulations drive the clock.
 */
public final class BlockList {

  private final int threshold;
  private final long windowMillis;
  private final long blockMillis;
  private final Map<HostId, ArrayDeque<Long>> strikes = new HashMap<>();
  private final Map<HostId, Long> blockedUntil = new HashMap<>();

  /** Creates an empty block list. */
  public BlockList(int threshold, Duration window, Duration blockFor) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be >= 1, was " + threshold);
    }
    this.threshold = threshold;
    this.windowMillis = window.toMillis();
    this.blockMillis = blockFor.toMillis();
  }

  /**
   * Records that {@code host} failed a child in the way {@code kind} says, and returns whether this
   * blocked it.
   */
  public boolean recordFailure(HostId host, FailureKind kind, long nowMillis) {
    if (isBlocked(host, nowMillis)) {
      return false;
    }
    int count =
        switch (kind) {
          case REFUSED -> 0;
          case BAD_PIECE -> threshold;
          case UNREACHABLE, TIMED_OUT -> 1;
        };
    if (count == 0) {
      return false;
    }
    ArrayDeque<Long> times = strikes.computeIfAbsent(host, h -> new ArrayDeque<>());
    while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
      times.pollFirst();
    }
    for (int i = 0; i < count; i++) {
      times.addLast(nowMillis);
    }
    if (times.size() < threshold) {
      return false;
    }
    strikes.remove(host);
    blockedUntil.put(host, nowMillis + blockMillis);
    return true;
  }

  /** Returns whether {@code host} is blocked at {@code nowMillis}. */
  public boolean isBlocked(HostId host, long nowMillis) {
    Long until = blockedUntil.get(host);
    return until != null && until > nowMillis;
  }

  /** Releases the hosts whose block ran out and forgets strikes older than the window. */
  public void expire(long nowMillis) {
    blockedUntil.values().removeIf(until -> until <= nowMillis);
    strikes
        .values()
        .forEach(
            times -> {
              while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
                times.pollFirst();
              }
            });
    strikes.values().removeIf(ArrayDeque::isEmpty);
  }

  /** Returns the hosts blocked at {@code nowMillis}. */
  public Set<HostId> blocked(long nowMillis) {
    expire(nowMillis);
    return Set.copyOf(blockedUntil.keySet());
  }
}
