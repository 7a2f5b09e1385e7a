package dev.darner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.darner.storage.EvictionPlanner.Candidate;
import dev.darner.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionPlannerTest {

  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  @Test
  void expired_oldestFirst_skipsRecentAndInUse() {
    Candidate old = candidate('a', 10, NOW.minusSeconds(7200), false);
    Candidate older = candidate('b', 10, NOW.minusSeconds(9000), false);
    Candidate inUse = candidate('c', 10, NOW.minusSeconds(9000), true);
    Candidate recent = candidate('d', 10, NOW.minusSeconds(60), false);

    List<Candidate> chosen =
        EvictionPlanner.expired(List.of(old, older, inUse, recent), NOW, Duration.ofHours(1));

    assertEquals(List.of(older, old), chosen);
  }

  @Test
  void leastRecentlyUsed_stopsOnceEnoughBytesAreChosen() {
    Candidate first = candidate('a', 100, NOW.minusSeconds(30), false);
    Candidate second = candidate('b', 100, NOW.minusSeconds(20), false);
    Candidate third = candidate('c', 100, NOW.minusSeconds(10), false);

    List<Candidate> chosen = EvictionPlanner.leastRecentlyUsed(List.of(third, first, second), 150);

    assertEquals(List.of(first, second), chosen);
  }

  @Test
  void leastRecentlyUsed_nothingToFree_choosesNone() {
    Candidate only = candidate('a', 100, NOW, false);

    List<Candidate> chosen = EvictionPlanner.leastRecentlyUsed(List.of(only), 0);

    assertEquals(List.of(), chosen);
  }

  @Test
  void leastRecentlyUsed_notEnoughIdle_choosesEveryIdleTask() {
    Candidate idle = candidate('a', 100, NOW, false);
    Candidate busy = candidate('b', 1000, NOW.minusSeconds(60), true);

    List<Candidate> chosen = EvictionPlanner.leastRecentlyUsed(List.of(idle, busy), 500);

    assertEquals(List.of(idle), chosen);
  }

  private static Candidate candidate(char digit, long bytes, Instant lastUsed, boolean inUse) {
    return new Candidate(TaskId.of(String.valueOf(digit).repeat(64)), bytes, lastUsed, inUse);
  }
}
