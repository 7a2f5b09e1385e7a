package dev.darner.storage;

import dev.darner.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which tasks garbage collection evicts. It decides only; the store evicts, and skips a
 * task that came into use since the choice was made.
 */
final class EvictionPlanner {

  /**
   * One task as the planner sees it.
   *
   * @param bytes the bytes its reservation holds
   * @param inUse whether it is leased or being written, and so must not be evicted
   */
  record Candidate(TaskId id, long bytes, Instant lastUsed, boolean inUse) {}

  private static final Comparator<Candidate> LEAST_RECENTLY_USED_FIRST =
      Comparator.comparing(Candidate::lastUsed).thenComparing(Candidate::id);

  private EvictionPlanner() {}

  /** Returns the tasks not in use whose last use is more than {@code ttl} before {@code now}. */
  static List<Candidate> expired(List<Candidate> candidates, Instant now, Duration ttl) {
    Instant cutoff = now.minus(ttl);
    List<Candidate> chosen = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (!candidate.inUse() && candidate.lastUsed().isBefore(cutoff)) {
        chosen.add(candidate);
      }
    }
    chosen.sort(LEAST_RECENTLY_USED_FIRST);
    return chosen;
  }

  /**
   * Returns tasks not in use, least recently used first, whose bytes together reach {@code
   * bytesToFree}; all of them when they do not reach it.
   */
  static List<Candidate> leastRecentlyUsed(List<Candidate> candidates, long bytesToFree) {
    List<Candidate> idle = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (!candidate.inUse()) {
        idle.add(candidate);
      }
    }
    idle.sort(LEAST_RECENTLY_USED_FIRST);
    List<Candidate> chosen = new ArrayList<>();
    long freed = 0;
    for (Candidate candidate : idle) {
      if (freed >= bytesToFree) {
        break;
      }
      chosen.add(candidate);
      freed += candidate.bytes();
    }
    return chosen;
  }
}
