package dev.darner.api.preheat;

import dev.darner.api.preheat.PreheatJobView.PartState;
import dev.darner.api.preheat.PreheatJobView.TaskView;
import dev.darner.api.preheat.PreheatJobView.ZoneView;
import dev.darner.cluster.SeedProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The progress of a running preheat job: each task with each AZ's seed (a part), which parts to ask
 * next, and what their answers make of the job.
 *
 * <p>A job fetches at most {@code parallelTasks} tasks at once, each in every AZ, so a large image
 * does not start all its layers on one seed at the same moment. A part is asked until its seed's
 * answer is final; an unanswered ask is retried at the next poll, up to {@code maxAskFailures} in a
 * row.
 */
final class JobProgress {

  /** One task with one AZ's seed. */
  static final class Part {
    private final int task;
    private final String zone;
    private PartState state = PartState.PENDING;
    private boolean inFlight;
    private int askFailures;
    private String seed = "";
    private long bytesDone;
    private long bytesTotal;
    private String error = "";

    private Part(int task, String zone, long size) {
      this.task = task;
      this.zone = zone;
      this.bytesTotal = size;
    }

    /** Returns the AZ of this part. */
    String zone() {
      return zone;
    }

    /** Returns whether the seed is asked for the first time, so it retries an old failure. */
    boolean firstAsk() {
      return state == PartState.PENDING;
    }

    private boolean isFinal() {
      return state == PartState.COMPLETE || state == PartState.FAILED;
    }
  }

  private final List<PreheatTarget> targets;
  private final List<String> zones;
  private final int parallelTasks;
  private final int maxAskFailures;
  private final List<List<Part>> parts = new ArrayList<>();

  JobProgress(
      List<PreheatTarget> targets, List<String> zones, int parallelTasks, int maxAskFailures) {
    if (targets.isEmpty() || zones.isEmpty()) {
      throw new IllegalArgumentException("a job needs tasks and zones");
    }
    this.targets = List.copyOf(targets);
    this.zones = List.copyOf(zones);
    this.parallelTasks = parallelTasks;
    this.maxAskFailures = maxAskFailures;
    for (int t = 0; t < targets.size(); t++) {
      List<Part> row = new ArrayList<>();
      for (String zone : zones) {
        row.add(new Part(t, zone, targets.get(t).size()));
      }
      parts.add(row);
    }
  }

  /**
   * Returns the parts to ask now, marked as in flight: those of tasks already started that are not
   * final, then those of the next tasks while fewer than {@code parallelTasks} are open.
   */
  List<Part> toAsk() {
    List<Part> ask = new ArrayList<>();
    int open = 0;
    for (List<Part> row : parts) {
      boolean started = row.stream().anyMatch(p -> p.state != PartState.PENDING || p.inFlight);
      boolean finished = row.stream().allMatch(Part::isFinal);
      if (finished) {
        continue;
      }
      if (!started && open >= parallelTasks) {
        break;
      }
      open++;
      for (Part part : row) {
        if (!part.isFinal() && !part.inFlight) {
          part.inFlight = true;
          ask.add(part);
        }
      }
    }
    return ask;
  }

  /** Returns the target of {@code part}. */
  PreheatTarget target(Part part) {
    return targets.get(part.task);
  }

  /** Takes in the seed's answer about {@code part}. */
  void answered(Part part, SeedProgress progress) {
    part.inFlight = false;
    part.askFailures = 0;
    part.seed = progress.seed().map(Object::toString).orElse(part.seed);
    part.bytesDone = progress.bytesDone();
    if (progress.bytesTotal() >= 0) {
      part.bytesTotal = progress.bytesTotal();
    }
    part.error = progress.error();
    part.state =
        switch (progress.state()) {
          case RUNNING -> PartState.RUNNING;
          case COMPLETE -> PartState.COMPLETE;
          case FAILED, NO_SEED -> PartState.FAILED;
        };
  }

  /** Takes in that asking the seed about {@code part} failed for {@code why}. */
  void askFailed(Part part, String why) {
    part.inFlight = false;
    part.askFailures++;
    if (part.askFailures >= maxAskFailures) {
      part.state = PartState.FAILED;
      part.error =
          "the seed of AZ " + part.zone + " did not answer " + part.askFailures + " times: " + why;
    } else if (part.state == PartState.PENDING) {
      // Asked once already: the next ask must not make the seed forget a failure again.
      part.state = PartState.RUNNING;
    }
  }

  /** Returns whether every part is final. */
  boolean isDone() {
    return parts.stream().flatMap(List::stream).allMatch(Part::isFinal);
  }

  /** Returns the first failure of a part, naming its task and AZ; empty when none failed. */
  Optional<String> firstFailure() {
    for (List<Part> row : parts) {
      for (Part part : row) {
        if (part.state == PartState.FAILED) {
          return Optional.of(
              targets.get(part.task).name() + " in AZ " + part.zone + ": " + part.error);
        }
      }
    }
    return Optional.empty();
  }

  /** Returns how many parts failed. */
  long failedParts() {
    return parts.stream().flatMap(List::stream).filter(p -> p.state == PartState.FAILED).count();
  }

  /** Returns the AZs of the job. */
  List<String> zones() {
    return zones;
  }

  /** Returns the bytes the seeds hold, summed over every part. */
  long bytesDone() {
    return parts.stream().flatMap(List::stream).mapToLong(p -> p.bytesDone).sum();
  }

  /** Returns the bytes of every part whose length is known. */
  long bytesTotal() {
    return parts.stream().flatMap(List::stream).mapToLong(p -> Math.max(p.bytesTotal, 0)).sum();
  }

  /** Returns how many tasks every AZ's seed holds whole. */
  int tasksComplete() {
    return (int)
        parts.stream()
            .filter(row -> row.stream().allMatch(p -> p.state == PartState.COMPLETE))
            .count();
  }

  /** Returns how many tasks the job has. */
  int tasksTotal() {
    return targets.size();
  }

  /** Returns each task's progress in each AZ. */
  List<TaskView> view() {
    List<TaskView> tasks = new ArrayList<>(targets.size());
    for (int t = 0; t < targets.size(); t++) {
      PreheatTarget target = targets.get(t);
      List<ZoneView> zoneViews = new ArrayList<>(zones.size());
      for (Part p : parts.get(t)) {
        zoneViews.add(
            new ZoneView(
                p.zone,
                p.seed,
                p.state,
                p.state == PartState.COMPLETE,
                p.bytesDone,
                p.bytesTotal,
                p.error));
      }
      tasks.add(new TaskView(target.taskId().hex(), target.name(), target.size(), zoneViews));
    }
    return tasks;
  }
}
