package dev.darner.coordinator;

import dev.darner.cluster.CborSerializable;
import dev.darner.cluster.CoordinationSettings;
import dev.darner.cluster.FailureKind;
import dev.darner.cluster.SeedAgent;
import dev.darner.schedule.AzScheduler;
import dev.darner.schedule.CrossAzPolicy;
import dev.darner.schedule.ParentSelector;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The coordinator of one task in one AZ, a sharded entity whose id is the task id.
 *
 * <p>It owns the task's {@link TaskState}: its peers and their pieces, the pieces' checksums, and
 * who goes back to source. Peers of its AZ talk to it through {@code TaskCoordination}; it asks the
 * AZ scheduler about its peers and the task's seed, reports failures, completions and releases to
 * it, and asks the chosen seed's agent to fetch the task.
 *
 * <p>Its state is soft and is lost when it stops, passivates or moves in a rebalance. A new
 * incarnation first asks the AZ scheduler what it remembers of the task (metadata, checksums, the
 * hosts that hold it whole), stashing registrations meanwhile; the downloading peers then
 * re-announce themselves with their next poll. What is lost for good: pieces reported since the
 * last poll (the next poll carries them) and which parents each child found failing.
 */
public final class TaskCoordinator extends AbstractBehavior<TaskCoordinator.Command> {

  /** The sharded entity type of task coordinators. */
  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "task-coordinator");

  /** What a coordinator is asked or told. */
  public sealed interface Command extends CborSerializable {}

  /**
   * Registers the peer on {@code host}, or refreshes it, with the pieces it holds; the reply says
   * what it does next.
   *
   * @param metadata the task's metadata, if the peer knows it already
   * @param pieces the pieces it holds, as {@link java.util.BitSet#toLongArray()} gives them
   * @param originRequest how to reach the origin, passed on verbatim to a seed asked to fetch
   */
  public record Register(
      HostId host,
      boolean seed,
      Optional<TaskMetadata> metadata,
      long[] pieces,
      String originRequest,
      ActorRef<Reply> replyTo)
      implements Command {}

  /** Reports the task's metadata, as the back-to-source peer learned it from the origin. */
  public record ReportMetadata(HostId host, TaskMetadata metadata) implements Command {}

  /** Reports that {@code host} verified and stored {@code pieces} with checksums {@code crcs}. */
  public record ReportPieces(HostId host, int[] pieces, int[] crcs) implements Command {}

  /** Reports that {@code host} failed to get {@code piece} from {@code parent}. */
  public record ReportFailure(HostId host, HostId parent, int piece, FailureKind kind)
      implements Command {}

  /** Reports that {@code host} holds the whole task. */
  public record ReportComplete(HostId host) implements Command {}

  /** Tells that {@code host} neither fetches nor serves the task any more. */
  public record Leave(HostId host) implements Command {}

  /** What a registering peer is told. */
  public sealed interface Reply extends CborSerializable {}

  /** A parent as the reply describes it. */
  public record ParentInfo(HostId host, long[] pieces, boolean seed, double score)
      implements CborSerializable {}

  /** Fetch from {@code parents}; {@code crcs[i]} is the CRC32C of piece {@code crcPieces[i]}. */
  public record ParentsFound(
      TaskMetadata metadata, List<ParentInfo> parents, int[] crcPieces, int[] crcs)
      implements Reply {}

  /** Wait and poll again: the seed, or {@code backToSource}, is fetching from the origin. */
  public record AwaitSeed(Optional<HostId> backToSource) implements Reply {}

  /**
   * Fetch {@code toFetch} from the origin (everything when the metadata is unknown) or from {@code
   * crossAzSources}, and the rest from {@code parents}.
   */
  public record FetchFromSource(
      Optional<TaskMetadata> metadata,
      List<ParentInfo> parents,
      long[] toFetch,
      int[] crcPieces,
      int[] crcs,
      List<HostId> crossAzSources)
      implements Reply {}

  private enum Refresh implements Command {
    INSTANCE
  }

  private enum StartupTimedOut implements Command {
    INSTANCE
  }

  private record Described(AzScheduler.TaskDescribed described) implements Command {}

  private record RemoteDescribed(AzScheduler.TaskDescribed described) implements Command {}

  private record HostsRefreshed(AzScheduler.HostsDescribed described) implements Command {}

  private final TaskId task;
  private final CoordinationSettings settings;
  private final Supplier<ActorRef<AzScheduler.Command>> scheduler;
  private final Supplier<List<ActorRef<AzScheduler.Command>>> remoteSchedulers;
  private final TaskState state;
  private Optional<ActorRef<SeedAgent.Command>> seedAgent = Optional.empty();
  private List<HostId> remoteHolders = List.of();
  private String originRequest = "";
  private long seedAskedAt;

  /**
   * Returns the behavior of the coordinator of {@code task}.
   *
   * @param scheduler gives this AZ's scheduler
   * @param remoteSchedulers gives the other AZs' schedulers, asked only under the cross-AZ policy
   */
  public static Behavior<Command> create(
      TaskId task,
      CoordinationSettings settings,
      Supplier<ActorRef<AzScheduler.Command>> scheduler,
      Supplier<List<ActorRef<AzScheduler.Command>>> remoteSchedulers) {
    return Behaviors.withStash(
        10_000,
        stash ->
            Behaviors.setup(
                context ->
                    Behaviors.withTimers(
                        timers -> {
                          scheduler
                              .get()
                              .tell(
                                  new AzScheduler.DescribeTask(
                                      task,
                                      context.messageAdapter(
                                          AzScheduler.TaskDescribed.class, Described::new)));
                          timers.startSingleTimer(
                              StartupTimedOut.INSTANCE, settings.startupTimeout());
                          TaskCoordinator coordinator =
                              new TaskCoordinator(
                                  context, task, settings, scheduler, remoteSchedulers);
                          return coordinator.starting(stash, timers);
                        })));
  }

  private TaskCoordinator(
      ActorContext<Command> context,
      TaskId task,
      CoordinationSettings settings,
      Supplier<ActorRef<AzScheduler.Command>> scheduler,
      Supplier<List<ActorRef<AzScheduler.Command>>> remoteSchedulers) {
    super(context);
    this.task = task;
    this.settings = settings;
    this.scheduler = scheduler;
    this.remoteSchedulers = remoteSchedulers;
    this.state =
        new TaskState(
            new ParentSelector(
                settings.weights(),
                settings.maxParents(),
                settings.candidateLimit(),
                settings.pollInterval().toMillis()),
            settings.backToSourceStallTimeout().toMillis(),
            new SplittableRandom());
  }

  private Behavior<Command> starting(StashBuffer<Command> stash, TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Described.class,
            described -> {
              restore(described.described());
              return activate(stash, timers);
            })
        .onMessageEquals(
            StartupTimedOut.INSTANCE,
            () -> {
              getContext()
                  .getLog()
                  .warn("AZ scheduler silent, coordinating task [{}] without it", task);
              state.seedChosen(Optional.empty());
              return activate(stash, timers);
            })
        .onAnyMessage(
            message -> {
              stash.stash(message);
              return Behaviors.same();
            })
        .build();
  }

  private Behavior<Command> activate(StashBuffer<Command> stash, TimerScheduler<Command> timers) {
    timers.cancel(StartupTimedOut.INSTANCE);
    timers.startTimerWithFixedDelay(Refresh.INSTANCE, settings.hostRefreshInterval());
    if (settings.crossAzPolicy() != CrossAzPolicy.ORIGIN) {
      askRemoteSchedulers();
    }
    return stash.unstashAll(this);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(ReportMetadata.class, this::onReportMetadata)
        .onMessage(ReportPieces.class, this::onReportPieces)
        .onMessage(ReportFailure.class, this::onReportFailure)
        .onMessage(ReportComplete.class, this::onReportComplete)
        .onMessage(Leave.class, this::onLeave)
        .onMessageEquals(Refresh.INSTANCE, this::onRefresh)
        .onMessage(HostsRefreshed.class, this::onHostsRefreshed)
        .onMessage(Described.class, described -> this)
        .onMessage(RemoteDescribed.class, this::onRemoteDescribed)
        .onMessageEquals(StartupTimedOut.INSTANCE, () -> this)
        .build();
  }

  private Behavior<Command> onRegister(Register register) {
    if (!register.originRequest().isEmpty()) {
      originRequest = register.originRequest();
    }
    TaskState.Decision decision =
        state.register(
            register.host(),
            register.seed(),
            register.metadata(),
            register.pieces(),
            System.currentTimeMillis());
    register
        .replyTo()
        .tell(Replies.of(decision, settings.crossAzPolicy(), register.seed(), remoteHolders));
    if (state.takeSeedWanted()) {
      askSeed();
    }
    return this;
  }

  private Behavior<Command> onReportMetadata(ReportMetadata report) {
    if (state.backToSource().equals(Optional.of(report.host())) || state.metadata().isEmpty()) {
      state.adoptMetadata(report.metadata());
    }
    return this;
  }

  private Behavior<Command> onReportPieces(ReportPieces report) {
    if (state.reportPieces(
        report.host(), report.pieces(), report.crcs(), System.currentTimeMillis())) {
      getContext()
          .getLog()
          .warn("Host [{}] reported checksums that contradict task [{}]", report.host(), task);
      scheduler.get().tell(new AzScheduler.HostFailed(report.host(), FailureKind.BAD_PIECE));
    }
    return this;
  }

  private Behavior<Command> onReportFailure(ReportFailure report) {
    state.reportFailure(report.host(), report.parent());
    scheduler.get().tell(new AzScheduler.HostFailed(report.parent(), report.kind()));
    return this;
  }

  private Behavior<Command> onReportComplete(ReportComplete report) {
    if (state.complete(report.host(), System.currentTimeMillis())) {
      scheduler
          .get()
          .tell(
              new AzScheduler.TaskHeld(
                  task, report.host(), state.metadata().orElseThrow(), state.crcs()));
    }
    return this;
  }

  private Behavior<Command> onLeave(Leave leave) {
    if (state.remove(leave.host())) {
      scheduler.get().tell(new AzScheduler.TaskReleased(task, leave.host()));
    }
    return this;
  }

  private Behavior<Command> onRefresh() {
    if (settings.crossAzPolicy() != CrossAzPolicy.ORIGIN
        && remoteHolders.isEmpty()
        && state.peerCount() > 0) {
      askRemoteSchedulers();
    }
    if (state.peerCount() > 0) {
      scheduler
          .get()
          .tell(
              new AzScheduler.DescribeHosts(
                  task,
                  state.hosts(),
                  getContext()
                      .messageAdapter(AzScheduler.HostsDescribed.class, HostsRefreshed::new)));
    }
    return this;
  }

  private Behavior<Command> onHostsRefreshed(HostsRefreshed refreshed) {
    for (AzScheduler.HostReport report : refreshed.described().hosts()) {
      state.hostDescribed(report.host(), report.live(), report.blocked(), report.beat());
    }
    chooseSeed(refreshed.described().seed());
    return this;
  }

  private Behavior<Command> onRemoteDescribed(RemoteDescribed remote) {
    AzScheduler.TaskDescribed described = remote.described();
    if (!described.holders().isEmpty()) {
      remoteHolders = described.holders();
      described.metadata().ifPresent(state::adoptMetadata);
    }
    return this;
  }

  private void restore(AzScheduler.TaskDescribed described) {
    long now = System.currentTimeMillis();
    described.metadata().ifPresent(state::adoptMetadata);
    for (HostId holder : described.holders()) {
      state.restoreHolder(holder, described.crcs(), now);
    }
    chooseSeed(described.seed());
  }

  private void chooseSeed(AzScheduler.SeedChoice choice) {
    state.seedChosen(choice.host());
    seedAgent = choice.agent();
  }

  private void askSeed() {
    long now = System.currentTimeMillis();
    if (seedAgent.isEmpty() || now - seedAskedAt < settings.seedRetryInterval().toMillis()) {
      return;
    }
    seedAskedAt = now;
    seedAgent.get().tell(new SeedAgent.FetchTask(task, originRequest));
  }

  private void askRemoteSchedulers() {
    ActorRef<AzScheduler.TaskDescribed> adapter =
        getContext().messageAdapter(AzScheduler.TaskDescribed.class, RemoteDescribed::new);
    for (ActorRef<AzScheduler.Command> remote : remoteSchedulers.get()) {
      remote.tell(new AzScheduler.DescribeTask(task, adapter));
    }
  }
}
