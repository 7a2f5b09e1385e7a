package dev.darner.schedule;

import dev.darner.cluster.CborSerializable;
import dev.darner.cluster.CoordinationSettings;
import dev.darner.cluster.FailureKind;
import dev.darner.cluster.HostHeartbeat;
import dev.darner.cluster.SeedAgent;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The scheduler of one AZ, run as a cluster singleton per data center.
 *
 * <p>It owns the AZ's {@link HostTable} (heartbeats, and which hosts hold which tasks whole), the
 * {@link BlockList}, and the seed choice ({@link SeedSelector}). Every node sends it heartbeats;
 * task coordinators ask it about their peers, their task and its seed, and report failures,
 * completions and releases; schedulers of other AZs ask it who holds a task.
 *
 * <p>Its state is soft. When its node leaves, the singleton starts afresh on the AZ's next oldest
 * node: hosts come back with their next heartbeat (until then, for one host timeout, unknown hosts
 * count as live), holdings come back as coordinators report completions again, and the block list
 * starts empty, so a blocked host gets an early release.
 */
public final class AzScheduler extends AbstractBehavior<AzScheduler.Command> {

  /** What the scheduler is asked or told. */
  public sealed interface Command extends CborSerializable {}

  /** Tells how the host {@code host}, on the cluster member {@code address}, is doing. */
  public record Heartbeat(
      HostId host, String address, HostHeartbeat beat, Optional<ActorRef<SeedAgent.Command>> agent)
      implements Command {}

  /** Asks what is known of {@code task}: who holds it whole, and its seed. */
  public record DescribeTask(TaskId task, ActorRef<TaskDescribed> replyTo) implements Command {}

  /** Asks whether {@code hosts}, peers of {@code task}, live, are blocked, and how they are. */
  public record DescribeHosts(TaskId task, List<HostId> hosts, ActorRef<HostsDescribed> replyTo)
      implements Command {}

  /** Reports that {@code host} failed a child as {@code kind} says. */
  public record HostFailed(HostId host, FailureKind kind) implements Command {}

  /** Reports that {@code host} holds the whole of {@code task}; {@code crcs} may be empty. */
  public record TaskHeld(TaskId task, HostId host, TaskMetadata metadata, int[] crcs)
      implements Command {}

  /** Reports that {@code host} no longer holds {@code task}. */
  public record TaskReleased(TaskId task, HostId host) implements Command {}

  /** Asks where the scheduler runs. */
  public record Locate(ActorRef<Located> replyTo) implements Command {}

  /** The seed the scheduler chose for a task, and how to ask it to fetch; empty when none lives. */
  public record SeedChoice(Optional<HostId> host, Optional<ActorRef<SeedAgent.Command>> agent)
      implements CborSerializable {}

  /** What is known of a task; empty metadata and no holders when no live host holds it whole. */
  public record TaskDescribed(
      TaskId task,
      Optional<TaskMetadata> metadata,
      int[] crcs,
      List<HostId> holders,
      SeedChoice seed)
      implements CborSerializable {}

  /** What is known of one host. */
  public record HostReport(HostId host, boolean live, boolean blocked, Optional<HostHeartbeat> beat)
      implements CborSerializable {}

  /** The answer to {@link DescribeHosts}. */
  public record HostsDescribed(List<HostReport> hosts, SeedChoice seed)
      implements CborSerializable {}

  /** Where the scheduler of {@code dataCenter} runs, and how many live hosts it knows. */
  public record Located(String dataCenter, String address, int hosts) implements CborSerializable {}

  private enum Expire implements Command {
    INSTANCE
  }

  private record MemberRemoved(String address) implements Command {}

  private final HostTable<ActorRef<SeedAgent.Command>> hosts;
  private final BlockList blockList;
  private final SeedSelector seeds;
  private final String dataCenter;
  private final String address;

  /** Returns the behavior of an AZ scheduler. */
  public static Behavior<Command> create(CoordinationSettings settings) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  Duration tick = settings.hostTimeout().dividedBy(4);
                  timers.startTimerWithFixedDelay(Expire.INSTANCE, tick);
                  return new AzScheduler(context, settings);
                }));
  }

  private AzScheduler(ActorContext<Command> context, CoordinationSettings settings) {
    super(context);
    long now = System.currentTimeMillis();
    this.hosts = new HostTable<>(settings.hostTimeout(), now);
    this.blockList =
        new BlockList(settings.blockThreshold(), settings.blockWindow(), settings.blockDuration());
    this.seeds = new SeedSelector(settings.seedMaxLoad());
    Cluster cluster = Cluster.get(context.getSystem());
    this.dataCenter = cluster.selfMember().dataCenter();
    this.address = cluster.selfMember().address().toString();
    ActorRef<ClusterEvent.MemberRemoved> removed =
        context.messageAdapter(
            ClusterEvent.MemberRemoved.class,
            event -> new MemberRemoved(event.member().address().toString()));
    cluster.subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Heartbeat.class, this::onHeartbeat)
        .onMessage(DescribeTask.class, this::onDescribeTask)
        .onMessage(DescribeHosts.class, this::onDescribeHosts)
        .onMessage(HostFailed.class, this::onHostFailed)
        .onMessage(TaskHeld.class, this::onTaskHeld)
        .onMessage(TaskReleased.class, this::onTaskReleased)
        .onMessage(Locate.class, this::onLocate)
        .onMessage(MemberRemoved.class, this::onMemberRemoved)
        .onMessageEquals(Expire.INSTANCE, this::onExpire)
        .build();
  }

  private Behavior<Command> onHeartbeat(Heartbeat heartbeat) {
    hosts.heartbeat(
        heartbeat.host(),
        heartbeat.address(),
        heartbeat.beat(),
        heartbeat.agent().orElse(null),
        System.currentTimeMillis());
    return this;
  }

  private Behavior<Command> onDescribeTask(DescribeTask describe) {
    Optional<HostTable.Holding> holding = hosts.holding(describe.task());
    describe
        .replyTo()
        .tell(
            new TaskDescribed(
                describe.task(),
                holding.map(HostTable.Holding::metadata),
                holding.map(HostTable.Holding::crcs).orElse(new int[0]),
                holding.map(h -> List.copyOf(h.holders())).orElse(List.of()),
                seedFor(describe.task())));
    return this;
  }

  private Behavior<Command> onDescribeHosts(DescribeHosts describe) {
    long now = System.currentTimeMillis();
    List<HostReport> reports = new ArrayList<>(describe.hosts().size());
    for (HostId host : describe.hosts()) {
      reports.add(
          new HostReport(
              host,
              hosts.isLive(host, now),
              blockList.isBlocked(host, now),
              hosts.host(host).map(HostTable.Host::beat)));
    }
    describe.replyTo().tell(new HostsDescribed(reports, seedFor(describe.task())));
    return this;
  }

  private Behavior<Command> onHostFailed(HostFailed failed) {
    if (blockList.recordFailure(failed.host(), failed.kind(), System.currentTimeMillis())) {
      getContext()
          .getLog()
          .warn("Blocked host [{}] after {} failures", failed.host(), failed.kind());
    }
    return this;
  }

  private Behavior<Command> onTaskHeld(TaskHeld held) {
    if (hosts.isLive(held.host(), System.currentTimeMillis())) {
      hosts.hold(held.task(), held.host(), held.metadata(), held.crcs());
    }
    return this;
  }

  private Behavior<Command> onTaskReleased(TaskReleased released) {
    hosts.release(released.task(), released.host());
    return this;
  }

  private Behavior<Command> onLocate(Locate locate) {
    locate.replyTo().tell(new Located(dataCenter, address, hosts.size()));
    return this;
  }

  private Behavior<Command> onMemberRemoved(MemberRemoved removed) {
    hosts.removeMember(removed.address());
    return this;
  }

  private Behavior<Command> onExpire() {
    long now = System.currentTimeMillis();
    List<HostId> silent = hosts.expire(now);
    if (!silent.isEmpty()) {
      getContext().getLog().warn("Dropped silent hosts {}", silent);
    }
    blockList.expire(now);
    return this;
  }

  private SeedChoice seedFor(TaskId task) {
    Set<HostId> blocked = blockList.blocked(System.currentTimeMillis());
    Map<HostId, HostHeartbeat> candidates = hosts.heartbeats();
    if (!blocked.isEmpty()) {
      candidates = new HashMap<>(candidates);
      candidates.keySet().removeAll(blocked);
    }
    Optional<HostId> seed = seeds.choose(task, candidates);
    return new SeedChoice(seed, seed.flatMap(hosts::host).map(HostTable.Host::agent));
  }
}
