package dev.darner.storage;

import dev.darner.task.TaskId;
import java.util.ArrayList;
import java.util.List;

/**
 * What one garbage collection did.
 *
 * @param evicted the tasks removed, in the order they were removed
 * @param freedBytes the bytes their reservations held
 */
public record GcReport(List<TaskId> evicted, long freedBytes) {

  public GcReport {
    evicted = List.copyOf(evicted);
  }

  /** Returns a report of a collection that evicted nothing. */
  public static GcReport empty() {
    return new GcReport(List.of(), 0);
  }

  /** Returns this report followed by {@code later}. */
  GcReport plus(GcReport later) {
    if (later.evicted.isEmpty()) {
      return this;
    }
    List<TaskId> all = new ArrayList<>(evicted);
    all.addAll(later.evicted);
    return new GcReport(all, freedBytes + later.freedBytes);
  }
}
