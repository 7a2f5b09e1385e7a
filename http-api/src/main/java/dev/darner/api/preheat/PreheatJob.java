package dev.darner.api.preheat;

import dev.darner.api.Failures;
import dev.darner.api.preheat.PreheatJobView.JobState;
import dev.darner.cluster.SeedProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one preheat job on the node that accepted it: resolves what to preheat into tasks, then asks
 * every AZ's seed to fetch each task and polls them until every answer is final or the job runs out
 * of time, publishing its view to {@link PreheatJobs} at every change.
 *
 * <p>Nobody sends it messages but itself: its stages report back through {@code pipeToSelf}. It
 * owns the job's {@link JobProgress}; when it stops, at the end of the job or with the node, the
 * last published view stays in {@link PreheatJobs} and the seeds go on with what they started.
 */
final class PreheatJob extends AbstractBehavior<PreheatJob.Command> {

  /** What the job tells itself. */
  sealed interface Command {}

  private record Resolved(List<PreheatTarget> targets) implements Command {}

  private record ResolveFailed(Throwable cause) implements Command {}

  private enum Poll implements Command {
    INSTANCE
  }

  private enum TimedOut implements Command {
    INSTANCE
  }

  private record Answered(JobProgress.Part part, SeedProgress progress) implements Command {}

  private record AskFailed(JobProgress.Part part, Throwable cause) implements Command {}

  private final TimerScheduler<Command> timers;
  private final PreheatSeeds seeds;
  private final PreheatSettings settings;
  private final PreheatJobs jobs;
  private PreheatJobView view;
  private JobProgress progress;
  private final long startedNanos = System.nanoTime();

  private PreheatJob(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      PreheatSeeds seeds,
      PreheatSettings settings,
      PreheatJobs jobs,
      PreheatJobView view) {
    super(context);
    this.timers = timers;
    this.seeds = seeds;
    this.settings = settings;
    this.jobs = jobs;
    this.view = view;
  }

  /**
   * Returns the behavior of the job first shown as {@code view}, which preheats what {@code
   * resolve} gives.
   */
  static Behavior<Command> create(
      PreheatJobView view,
      Supplier<CompletionStage<List<PreheatTarget>>> resolve,
      PreheatSeeds seeds,
      PreheatSettings settings,
      PreheatJobs jobs) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startSingleTimer(TimedOut.INSTANCE, settings.jobTimeout());
                  context.pipeToSelf(
                      resolve.get(),
                      (targets, error) ->
                          error == null ? new Resolved(targets) : new ResolveFailed(error));
                  return new PreheatJob(context, timers, seeds, settings, jobs, view);
                }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Resolved.class, this::onResolved)
        .onMessage(ResolveFailed.class, m -> fail(Failures.unwrap(m.cause()).getMessage()))
        .onMessageEquals(Poll.INSTANCE, this::onPoll)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(AskFailed.class, this::onAskFailed)
        .onMessageEquals(TimedOut.INSTANCE, this::onTimedOut)
        .build();
  }

  private Behavior<Command> onResolved(Resolved resolved) {
    List<String> zones = seeds.zones();
    if (resolved.targets().isEmpty() || zones.isEmpty()) {
      return fail(resolved.targets().isEmpty() ? "nothing to preheat" : "the cluster has no AZ");
    }
    progress =
        new JobProgress(
            resolved.targets(), zones, settings.parallelTasks(), settings.maxAskFailures());
    getContext()
        .getLog()
        .info(
            "Preheat [{}] of {} runs: {} tasks in AZs {}",
            view.id(),
            view.source(),
            resolved.targets().size(),
            zones);
    publish(JobState.RUNNING, "");
    timers.startTimerWithFixedDelay(Poll.INSTANCE, settings.pollInterval());
    return onPoll();
  }

  private Behavior<Command> onPoll() {
    for (JobProgress.Part part : progress.toAsk()) {
      getContext()
          .pipeToSelf(
              seeds.fetch(part.zone(), progress.target(part).request(), part.firstAsk()),
              (answer, error) ->
                  error == null ? new Answered(part, answer) : new AskFailed(part, error));
    }
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    progress.answered(answered.part(), answered.progress());
    return afterChange();
  }

  private Behavior<Command> onAskFailed(AskFailed failed) {
    Throwable cause = Failures.unwrap(failed.cause());
    progress.askFailed(failed.part(), String.valueOf(cause.getMessage()));
    return afterChange();
  }

  private Behavior<Command> afterChange() {
    if (!progress.isDone()) {
      publish(JobState.RUNNING, "");
      return this;
    }
    return progress
        .firstFailure()
        .map(first -> fail(progress.failedParts() + " of the job's parts failed; first: " + first))
        .orElseGet(this::succeed);
  }

  private Behavior<Command> onTimedOut() {
    return fail("not done within " + settings.jobTimeout().toSeconds() + " s");
  }

  private Behavior<Command> succeed() {
    publish(JobState.SUCCEEDED, "");
    getContext()
        .getLog()
        .info(
            "Preheat [{}] of {} succeeded in {} ms: {} bytes in {} AZs",
            view.id(),
            view.source(),
            elapsed().toMillis(),
            view.bytesDone(),
            view.zones().size());
    return Behaviors.stopped();
  }

  private Behavior<Command> fail(String why) {
    publish(JobState.FAILED, why);
    getContext().getLog().warn("Preheat [{}] of {} failed: {}", view.id(), view.source(), why);
    return Behaviors.stopped();
  }

  private void publish(JobState state, String error) {
    boolean finished = state == JobState.SUCCEEDED || state == JobState.FAILED;
    view =
        new PreheatJobView(
            view.id(),
            state,
            view.type(),
            view.source(),
            view.platforms(),
            progress == null ? List.of() : progress.zones(),
            view.createdAt(),
            finished ? Instant.now().toString() : "",
            error,
            progress == null ? 0 : progress.bytesDone(),
            progress == null ? 0 : progress.bytesTotal(),
            progress == null ? 0 : progress.tasksTotal(),
            progress == null ? 0 : progress.tasksComplete(),
            progress == null ? List.of() : progress.view());
    jobs.update(view);
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
