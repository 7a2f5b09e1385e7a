package dev.darner.cluster;

import dev.darner.coordinator.TaskCoordinator;
import dev.darner.coordinator.TaskCoordinator.AwaitSeed;
import dev.darner.coordinator.TaskCoordinator.FetchFromSource;
import dev.darner.coordinator.TaskCoordinator.ParentInfo;
import dev.darner.coordinator.TaskCoordinator.ParentsFound;
import dev.darner.schedule.AzScheduler;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node calls to take part in its AZ's task coordination: registering for tasks, reporting
 * pieces, failures and completion, and sending host heartbeats.
 *
 * <p>A downloading peer learns of new parents and checksums by polling: it calls {@link #register}
 * again every {@link #pollInterval()} with the pieces it holds, which also re-announces it to a
 * coordinator that was moved or passivated. A peer that holds the whole task stops polling; the AZ
 * scheduler remembers it as a holder.
 */
public final class TaskCoordination {

  private static final Logger log = LoggerFactory.getLogger(TaskCoordination.class);

  private final ActorSystem<?> system;
  private final CoordinationSettings settings;
  private final HostId self;
  private final boolean seed;
  private final ClusterSharding sharding;
  private final Schedulers schedulers;
  private final Optional<ActorRef<SeedAgent.Command>> agent;

  private TaskCoordination(
      ActorSystem<?> system,
      CoordinationSettings settings,
      HostId self,
      boolean seed,
      Optional<SeedFetcher> fetcher) {
    this.system = system;
    this.settings = settings;
    this.self = self;
    this.seed = seed;
    this.sharding = ClusterSharding.get(system);
    this.schedulers = new Schedulers(system, settings);
    ActorRef<AzScheduler.Command> scheduler = schedulers.local();
    sharding.init(
        Entity.of(
            TaskCoordinator.TYPE_KEY,
            context ->
                TaskCoordinator.create(
                    TaskId.of(context.getEntityId()),
                    settings,
                    () -> scheduler,
                    schedulers::remotes)));
    this.agent =
        fetcher.map(
            f ->
                system.systemActorOf(
                    SeedAgent.create(self, f), "darner-seed-agent", Props.empty()));
  }

  /**
   * Starts this node's part in task coordination: the shard region of task coordinators and the AZ
   * scheduler's singleton manager. A seed node passes the {@code fetcher} that starts downloads its
   * AZ asks for.
   *
   * @param self this host, as peers reach its piece server
   * @param seed whether this host has the seed role
   */
  public static TaskCoordination init(
      ActorSystem<?> system,
      CoordinationSettings settings,
      HostId self,
      boolean seed,
      SeedFetcher fetcher) {
    Objects.requireNonNull(fetcher, "fetcher");
    return new TaskCoordination(system, settings, self, seed, Optional.of(fetcher));
  }

  /** Starts this node's part in task coordination, for a host no coordinator asks to seed. */
  public static TaskCoordination init(
      ActorSystem<?> system, CoordinationSettings settings, HostId self, boolean seed) {
    return new TaskCoordination(system, settings, self, seed, Optional.empty());
  }

  /**
   * Registers this host's peer of {@code task}, or refreshes it, and returns what it does next.
   *
   * @param metadata the task's metadata when this host knows it, else empty
   * @param have the pieces this host holds and verified
   * @param originRequest how to reach the origin, opaque here, handed verbatim to a seed asked to
   *     fetch the task; empty when this host cannot say
   */
  public CompletionStage<RegisterOutcome> register(
      TaskId task, Optional<TaskMetadata> metadata, BitSet have, String originRequest) {
    Objects.requireNonNull(have, "have");
    Objects.requireNonNull(originRequest, "originRequest");
    long[] pieces = have.toLongArray();
    return coordinator(task)
        .<TaskCoordinator.Reply>ask(
            replyTo ->
                new TaskCoordinator.Register(self, seed, metadata, pieces, originRequest, replyTo),
            settings.askTimeout())
        .thenApply(TaskCoordination::outcome);
  }

  /** Reports {@code task}'s metadata, as this host learned it going back to source. */
  public void reportMetadata(TaskId task, TaskMetadata metadata) {
    coordinator(task).tell(new TaskCoordinator.ReportMetadata(self, metadata));
  }

  /**
   * Reports that this host verified and stored {@code indices} of {@code task}, where {@code
   * crcs[i]} is the CRC32C of piece {@code indices[i]}.
   */
  public void reportPieces(TaskId task, int[] indices, int[] crcs) {
    if (indices.length != crcs.length) {
      throw new IllegalArgumentException(
          "indices and crcs must have one length, were " + indices.length + " and " + crcs.length);
    }
    coordinator(task).tell(new TaskCoordinator.ReportPieces(self, indices.clone(), crcs.clone()));
  }

  /** Reports that this host failed to get {@code piece} of {@code task} from {@code parent}. */
  public void reportFailure(TaskId task, HostId parent, int piece, FailureKind kind) {
    coordinator(task).tell(new TaskCoordinator.ReportFailure(self, parent, piece, kind));
  }

  /** Reports that this host holds the whole of {@code task} and serves it. */
  public void reportComplete(TaskId task) {
    coordinator(task).tell(new TaskCoordinator.ReportComplete(self));
  }

  /** Tells that this host neither fetches nor serves {@code task} any more. */
  public void leave(TaskId task) {
    coordinator(task).tell(new TaskCoordinator.Leave(self));
  }

  /**
   * Sends this host's heartbeat, as {@code heartbeat} gives it, to the AZ scheduler every heartbeat
   * interval until the returned handle is closed.
   */
  public AutoCloseable startHeartbeats(Supplier<HostHeartbeat> heartbeat) {
    ActorRef<AzScheduler.Command> scheduler = schedulers.local();
    String address = Cluster.get(system).selfMember().address().toString();
    Runnable beat =
        () -> {
          try {
            scheduler.tell(new AzScheduler.Heartbeat(self, address, heartbeat.get(), agent));
          } catch (RuntimeException e) {
            log.warn("Host heartbeat skipped: its supplier failed", e);
          }
        };
    Cancellable timer =
        system
            .scheduler()
            .scheduleAtFixedRate(
                Duration.ZERO, settings.heartbeatInterval(), beat, system.executionContext());
    return timer::cancel;
  }

  /** Returns the AZs the cluster knows now, this host's among them, in name order. */
  public List<String> zones() {
    return new TreeSet<>(Cluster.get(system).state().getAllDataCenters()).stream().toList();
  }

  /**
   * Asks the seed peer that {@code az}'s scheduler chooses for {@code task} to fetch it for a
   * preheat, and returns how far that seed got. In this host's own AZ, when it has no seed peer,
   * this host fetches the task itself, so that a cluster without seeds can still be preheated where
   * it was asked; another AZ without a seed answers {@link SeedProgress.State#NO_SEED}.
   *
   * @param originRequest how to reach the origin, as {@link #register} takes it
   * @param retryFailed whether the seed forgets a failure of an earlier fetch and tries again
   */
  public CompletionStage<SeedProgress> preheat(
      String az, TaskId task, String originRequest, boolean retryFailed) {
    Objects.requireNonNull(originRequest, "originRequest");
    Duration timeout = settings.askTimeout();
    return AskPattern.<AzScheduler.Command, AzScheduler.TaskDescribed>ask(
            schedulers.of(az),
            replyTo -> new AzScheduler.DescribeTask(task, replyTo),
            timeout,
            system.scheduler())
        .thenCompose(
            described -> {
              Optional<ActorRef<SeedAgent.Command>> seedAgent = described.seed().agent();
              if (seedAgent.isEmpty() && az.equals(selfZone())) {
                seedAgent = agent;
              }
              if (seedAgent.isEmpty()) {
                return CompletableFuture.completedFuture(SeedProgress.noSeed(az));
              }
              return AskPattern.<SeedAgent.Command, SeedProgress>ask(
                  seedAgent.get(),
                  replyTo -> new SeedAgent.PreheatTask(task, originRequest, retryFailed, replyTo),
                  timeout,
                  system.scheduler());
            });
  }

  /** Returns how often a downloading peer should register again. */
  public Duration pollInterval() {
    return settings.pollInterval();
  }

  /** Returns this host. */
  public HostId self() {
    return self;
  }

  private String selfZone() {
    return Cluster.get(system).selfMember().dataCenter();
  }

  private EntityRef<TaskCoordinator.Command> coordinator(TaskId task) {
    return sharding.entityRefFor(TaskCoordinator.TYPE_KEY, task.hex());
  }

  private static RegisterOutcome outcome(TaskCoordinator.Reply reply) {
    if (reply instanceof ParentsFound found) {
      return new RegisterOutcome.ParentsAssigned(
          found.metadata(),
          parents(found.parents()),
          new PieceCrcs(found.crcPieces(), found.crcs()));
    }
    if (reply instanceof FetchFromSource fetch) {
      return new RegisterOutcome.BackToSource(
          fetch.metadata(),
          parents(fetch.parents()),
          BitSet.valueOf(fetch.toFetch()),
          new PieceCrcs(fetch.crcPieces(), fetch.crcs()),
          fetch.crossAzSources());
    }
    return new RegisterOutcome.WaitForSeed(((AwaitSeed) reply).backToSource());
  }

  private static List<Parent> parents(List<ParentInfo> infos) {
    List<Parent> parents = new ArrayList<>(infos.size());
    for (ParentInfo info : infos) {
      parents.add(
          new Parent(info.host(), BitSet.valueOf(info.pieces()), info.seed(), info.score()));
    }
    return parents;
  }
}
