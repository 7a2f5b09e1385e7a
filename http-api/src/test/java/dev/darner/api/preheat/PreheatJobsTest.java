package dev.darner.api.preheat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.api.manage.ManagementFailure;
import dev.darner.api.preheat.PreheatJobView.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreheatJobsTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void get_finishedJobPastTtl_forgotten() {
    PreheatJobs jobs = new PreheatJobs(10, Duration.ofMinutes(5), clock);
    jobs.add(view("a", JobState.RUNNING));
    jobs.update(view("a", JobState.SUCCEEDED));

    clock.advance(Duration.ofMinutes(4));
    assertTrue(jobs.get("a").isPresent());
    clock.advance(Duration.ofMinutes(2));

    assertTrue(jobs.get("a").isEmpty());
  }

  @Test
  void add_full_oldestFinishedMakesRoom() {
    PreheatJobs jobs = new PreheatJobs(2, Duration.ofHours(1), clock);
    jobs.add(view("a", JobState.RUNNING));
    jobs.add(view("b", JobState.RUNNING));
    jobs.update(view("b", JobState.FAILED));

    jobs.add(view("c", JobState.PENDING));

    assertEquals(List.of("a", "c"), jobs.all().stream().map(PreheatJobView::id).toList());
  }

  @Test
  void add_fullOfRunningJobs_refusedAsTooMany() {
    PreheatJobs jobs = new PreheatJobs(1, Duration.ofHours(1), clock);
    jobs.add(view("a", JobState.RUNNING));

    ManagementFailure e =
        assertThrows(ManagementFailure.class, () -> jobs.add(view("b", JobState.PENDING)));

    assertEquals(ManagementFailure.Kind.TOO_MANY_REQUESTS, e.kind());
  }

  private static PreheatJobView view(String id, JobState state) {
    return new PreheatJobView(
        id, state, "file", "http://x/", List.of(), List.of(), "", "", "", 0, 0, 0, 0, List.of());
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
