package dev.darner.download;

import dev.darner.api.DownloadFailure;
import dev.darner.task.TaskId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last failure of each task that failed lately, so that a preheat polling this seed learns why
 * its fetch ended; the oldest are dropped past a bound. Nothing else reads it: a download always
 * starts afresh.
 */
final class RecentFailures {

  private final Map<TaskId, DownloadFailure> failures;

  RecentFailures(int capacity) {
    this.failures =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<TaskId, DownloadFailure> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Remembers that {@code task} failed with {@code failure}. */
  synchronized void record(TaskId task, DownloadFailure failure) {
    failures.remove(task);
    failures.put(task, failure);
  }

  /** Returns the failure remembered for {@code task}. */
  synchronized Optional<DownloadFailure> get(TaskId task) {
    return Optional.ofNullable(failures.get(task));
  }

  /** Forgets the failure of {@code task}. */
  synchronized void forget(TaskId task) {
    failures.remove(task);
  }
}
