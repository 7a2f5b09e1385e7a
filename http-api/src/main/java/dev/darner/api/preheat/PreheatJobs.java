package dev.darner.api.preheat;

import dev.darner.api.manage.ManagementFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The preheat jobs a node holds, as their jobs last published them, oldest first. A finished job
 * stays for the time to live so that it can still be polled; when the node holds the most jobs it
 * may, the oldest finished one makes room, and a new job is refused only when all are running.
 *
 * <p>Everything is in memory: a node that restarts forgets its jobs, though the seeds keep what
 * they fetched.
 */
final class PreheatJobs {

  private final int maxJobs;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Held> jobs = new LinkedHashMap<>();

  PreheatJobs(int maxJobs, Duration ttl, Clock clock) {
    this.maxJobs = maxJobs;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * Adds the new job {@code view}.
   *
   * @throws ManagementFailure TOO_MANY_REQUESTS when the node holds the most jobs and all run
   */
  synchronized void add(PreheatJobView view) {
    expire();
    if (jobs.size() >= maxJobs) {
      Iterator<Map.Entry<String, Held>> oldest = jobs.entrySet().iterator();
      while (oldest.hasNext() && jobs.size() >= maxJobs) {
        if (oldest.next().getValue().finishedAt() != null) {
          oldest.remove();
        }
      }
    }
    if (jobs.size() >= maxJobs) {
      throw new ManagementFailure(
          ManagementFailure.Kind.TOO_MANY_REQUESTS,
          "this node runs " + jobs.size() + " preheat jobs, its most; try again when one is done");
    }
    jobs.put(view.id(), new Held(view, null));
  }

  /** Replaces the view of a job this registry holds; a job that expired meanwhile stays gone. */
  synchronized void update(PreheatJobView view) {
    if (jobs.containsKey(view.id())) {
      jobs.put(view.id(), new Held(view, view.isFinished() ? clock.instant() : null));
    }
  }

  /** Returns the job {@code id}, if held and not expired. */
  synchronized Optional<PreheatJobView> get(String id) {
    expire();
    return Optional.ofNullable(jobs.get(id)).map(Held::view);
  }

  /** Returns every job held, oldest first. */
  synchronized List<PreheatJobView> all() {
    expire();
    List<PreheatJobView> views = new ArrayList<>(jobs.size());
    jobs.values().forEach(h -> views.add(h.view()));
    return views;
  }

  private void expire() {
    Instant cutoff = clock.instant().minus(ttl);
    jobs.values().removeIf(h -> h.finishedAt() != null && h.finishedAt().isBefore(cutoff));
  }

  private record Held(PreheatJobView view, Instant finishedAt) {}
}
