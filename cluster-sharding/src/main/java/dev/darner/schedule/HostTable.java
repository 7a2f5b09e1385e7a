package dev.darner.schedule;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of one AZ as their heartbeats describe them, and which of them hold which tasks whole.
 *
 * <p>A host is live from its first heartbeat until it is silent for {@code hostTimeout} or its
 * cluster member is removed. A table that has just started, after its scheduler moved, has heard
 * nobody yet: for one {@code hostTimeout} it counts unknown hosts as live rather than dropping
 * every peer of every task at once. Time is passed in, in milliseconds.
 *
 * @param <A> how the scheduler reaches the host's seed agent
 */
public final class HostTable<A> {

  /** One live host: its cluster address, latest heartbeat, and how to reach it. */
  public record Host<A>(HostId id, String address, HostHeartbeat beat, A agent, long heardAt) {}

  /** What is known of a task some host holds whole: its metadata and the pieces' CRC32C. */
  public record Holding(TaskMetadata metadata, int[] crcs, Set<HostId> holders) {}

  private final long timeoutMillis;
  private final long startedAt;
  private final Map<HostId, Host<A>> hosts = new HashMap<>();
  private final Map<HostId, HostHeartbeat> beats = new HashMap<>();
  private final Map<TaskId, Holding> holdings = new HashMap<>();
  private final Map<HostId, Set<TaskId>> heldBy = new HashMap<>();

  /** Creates an empty table at {@code nowMillis}. */
  public HostTable(Duration hostTimeout, long nowMillis) {
    this.timeoutMillis = hostTimeout.toMillis();
    this.startedAt = nowMillis;
  }

  /** Records a heartbeat of {@code id}, which runs on the cluster member at {@code address}. */
  public void heartbeat(HostId id, String address, HostHeartbeat beat, A agent, long nowMillis) {
    hosts.put(id, new Host<>(id, address, beat, agent, nowMillis));
    beats.put(id, beat);
  }

  /** Drops the hosts silent for longer than the host timeout and returns them. */
  public List<HostId> expire(long nowMillis) {
    List<HostId> silent = new ArrayList<>();
    for (Host<A> host : hosts.values()) {
      if (nowMillis - host.heardAt() > timeoutMillis) {
        silent.add(host.id());
      }
    }
    silent.forEach(this::drop);
    return silent;
  }

  /** Drops the hosts that ran on the cluster member at {@code address} and returns them. */
  public List<HostId> removeMember(String address) {
    List<HostId> gone = new ArrayList<>();
    for (Host<A> host : hosts.values()) {
      if (host.address().equals(address)) {
        gone.add(host.id());
      }
    }
    gone.forEach(this::drop);
    return gone;
  }

  /** Returns whether {@code id} counts as live at {@code nowMillis}. */
  public boolean isLive(HostId id, long nowMillis) {
    return hosts.containsKey(id) || nowMillis - startedAt < timeoutMillis;
  }

  /** Returns the live host {@code id}, if it has been heard. */
  public Optional<Host<A>> host(HostId id) {
    return Optional.ofNullable(hosts.get(id));
  }

  /** Returns the latest heartbeat of every live host, keyed by host. */
  public Map<HostId, HostHeartbeat> heartbeats() {
    return beats;
  }

  /** Returns how many hosts are live. */
  public int size() {
    return hosts.size();
  }

  /**
   * Records that {@code host} holds the whole of {@code task}; {@code crcs} (may be empty) are kept
   * when none are known yet.
   */
  public void hold(TaskId task, HostId host, TaskMetadata metadata, int[] crcs) {
    Holding known = holdings.get(task);
    if (known == null || !known.metadata().equals(metadata)) {
      known = new Holding(metadata, crcs, new LinkedHashSet<>());
      holdings.put(task, known);
    } else if (known.crcs().length == 0 && crcs.length > 0) {
      known = new Holding(metadata, crcs, known.holders());
      holdings.put(task, known);
    }
    known.holders().add(host);
    heldBy.computeIfAbsent(host, h -> new HashSet<>()).add(task);
  }

  /** Records that {@code host} no longer holds {@code task}. */
  public void release(TaskId task, HostId host) {
    Holding known = holdings.get(task);
    if (known != null) {
      known.holders().remove(host);
      if (known.holders().isEmpty()) {
        holdings.remove(task);
      }
    }
    Set<TaskId> tasks = heldBy.get(host);
    if (tasks != null) {
      tasks.remove(task);
    }
  }

  /** Returns what is known of {@code task}, if a live host holds it whole. */
  public Optional<Holding> holding(TaskId task) {
    return Optional.ofNullable(holdings.get(task));
  }

  private void drop(HostId id) {
    hosts.remove(id);
    beats.remove(id);
    Set<TaskId> tasks = heldBy.remove(id);
    if (tasks != null) {
      for (TaskId task : tasks) {
        Holding known = holdings.get(task);
        if (known != null) {
          known.holders().remove(id);
          if (known.holders().isEmpty()) {
            holdings.remove(task);
          }
        }
      }
    }
  }
}
