package dev.darner.simulation;

import dev.darner.cluster.CoordinationSettings;
import dev.darner.cluster.FailureKind;
import dev.darner.cluster.HostHeartbeat;
import dev.darner.coordinator.TaskState;
import dev.darner.schedule.BlockList;
import dev.darner.schedule.HostTable;
import dev.darner.schedule.ParentSelector;
import dev.darner.schedule.SeedSelector;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One simulated AZ's share of the cluster: the task's coordinator rules, and the AZ scheduler's
 * host table, block list and seed choice, wired to each other as {@code TaskCoordinator} and {@code
 * AzScheduler} wire them, minus the messages between them.
 */
final class Zone {

  final int index;
  final String name;
  final TaskState rules;
  final HostTable<Void> table;
  final BlockList blocks;
  private final SeedSelector seeds;
  private final TaskId task;
  private final long seedRetryMillis;
  private long seedAskedAt = Long.MIN_VALUE / 2;

  Zone(int index, TaskId task, CoordinationSettings settings, SplittableRandom random) {
    this.index = index;
    this.name = "az-" + (char) ('a' + index);
    this.task = task;
    this.rules =
        new TaskState(
            new ParentSelector(
                settings.weights(),
                settings.maxParents(),
                settings.candidateLimit(),
                settings.pollInterval().toMillis()),
            settings.backToSourceStallTimeout().toMillis(),
            random);
    this.table = new HostTable<>(settings.hostTimeout(), 0);
    this.blocks =
        new BlockList(settings.blockThreshold(), settings.blockWindow(), settings.blockDuration());
    this.seeds = new SeedSelector(settings.seedMaxLoad());
    this.seedRetryMillis = settings.seedRetryInterval().toMillis();
  }

  /** Records a heartbeat of {@code host}, as the AZ scheduler does. */
  void heartbeat(HostId host, HostHeartbeat beat, long nowMillis) {
    table.heartbeat(host, host.value(), beat, null, nowMillis);
  }

  /**
   * Expires silent hosts and old blocks, tells the coordinator which of its peers live, are blocked
   * and how loaded they are, and hands it the current seed choice: the scheduler's timer and the
   * coordinator's refresh in one step.
   */
  void refresh(long nowMillis) {
    table.expire(nowMillis);
    blocks.expire(nowMillis);
    for (HostId host : rules.hosts()) {
      rules.hostDescribed(
          host,
          table.isLive(host, nowMillis),
          blocks.isBlocked(host, nowMillis),
          table.host(host).map(HostTable.Host::beat));
    }
    rules.seedChosen(chooseSeed(nowMillis));
  }

  /** Returns the seed for the task among the live hosts that are not blocked. */
  Optional<HostId> chooseSeed(long nowMillis) {
    Set<HostId> blocked = blocks.blocked(nowMillis);
    Map<HostId, HostHeartbeat> candidates = table.heartbeats();
    if (!blocked.isEmpty()) {
      candidates = new HashMap<>(candidates);
      candidates.keySet().removeAll(blocked);
    }
    return seeds.choose(task, candidates);
  }

  /**
   * Returns the seed to ask to fetch the task when the coordinator wants one and the last ask is
   * older than the seed retry interval, as the coordinator's {@code askSeed} does.
   */
  Optional<HostId> seedToAsk(long nowMillis) {
    if (!rules.takeSeedWanted()
        || rules.seed().isEmpty()
        || nowMillis - seedAskedAt < seedRetryMillis) {
      return Optional.empty();
    }
    seedAskedAt = nowMillis;
    return rules.seed();
  }

  /** Records that {@code child} failed to reach {@code parent}, on the coordinator and the list. */
  void parentFailed(HostId child, HostId parent, FailureKind kind, long nowMillis) {
    rules.reportFailure(child, parent);
    blocks.recordFailure(parent, kind, nowMillis);
  }
}
