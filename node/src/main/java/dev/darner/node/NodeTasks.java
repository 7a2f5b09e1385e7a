package dev.darner.node;

import dev.darner.api.manage.ManagementFailure;
import dev.darner.api.manage.NodeStat;
import dev.darner.api.manage.TaskAdmin;
import dev.darner.cluster.ClusterTasks;
import dev.darner.cluster.HeldTask;
import dev.darner.metrics.NodeMetrics;
import dev.darner.storage.PieceStore;
import dev.darner.storage.StoredTask;
import dev.darner.task.HostId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The node's side of task management: what its store holds, removing a task, the cluster's tasks,
 * and its statistics.
 */
final class NodeTasks implements TaskAdmin {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");

  private final PieceStore store;
  private final ClusterTasks cluster;
  private final NodeMetrics metrics;
  private final IntSupplier activeTasks;
  private final HostId self;
  private final String az;

  NodeTasks(
      PieceStore store,
      ClusterTasks cluster,
      NodeMetrics metrics,
      IntSupplier activeTasks,
      HostId self,
      String az) {
    this.store = store;
    this.cluster = cluster;
    this.metrics = metrics;
    this.activeTasks = activeTasks;
    this.self = self;
    this.az = az;
  }

  /** Returns what the store holds, as the cluster inventory and the API show it. */
  static List<HeldTask> held(PieceStore store) {
    return store.tasks().stream()
        .map(NodeTasks::held)
        .sorted(Comparator.comparing(HeldTask::task))
        .toList();
  }

  @Override
  public List<HeldTask> localTasks() {
    return held(store);
  }

  @Override
  public HeldTask localTask(String idOrPrefix) {
    return held(find(idOrPrefix));
  }

  @Override
  public HeldTask removeTask(String idOrPrefix) {
    StoredTask task = find(idOrPrefix);
    HeldTask removed = held(task);
    if (!store.remove(task.metadata().id())) {
      throw new ManagementFailure(
          ManagementFailure.Kind.CONFLICT,
          "task " + task.metadata().id() + " is being downloaded or read; try again later");
    }
    return removed;
  }

  @Override
  public CompletionStage<ClusterTasks.Listing> clusterTasks() {
    return cluster.list();
  }

  @Override
  public NodeStat stat() {
    return new NodeStat(
        self.value(),
        az,
        metrics.traffic(),
        activeTasks.getAsInt(),
        store.tasks().size(),
        store.usedBytes(),
        store.settings().quotaBytes());
  }

  private StoredTask find(String idOrPrefix) {
    if (!HEX.matcher(idOrPrefix).matches()) {
      throw new ManagementFailure(
          ManagementFailure.Kind.BAD_REQUEST,
          "a task id is up to 64 lowercase hex digits, was: " + idOrPrefix);
    }
    List<StoredTask> matches =
        store.tasks().stream().filter(t -> t.metadata().id().hex().startsWith(idOrPrefix)).toList();
    if (matches.isEmpty()) {
      throw new ManagementFailure(
          ManagementFailure.Kind.NOT_FOUND, "this node holds no task " + idOrPrefix);
    }
    if (matches.size() > 1) {
      throw new ManagementFailure(
          ManagementFailure.Kind.BAD_REQUEST,
          matches.size() + " tasks start with " + idOrPrefix + "; give more digits");
    }
    return matches.get(0);
  }

  private static HeldTask held(StoredTask task) {
    return new HeldTask(
        task.metadata().id(),
        task.metadata().url(),
        task.metadata().layout().contentLength(),
        task.metadata().layout().pieceCount(),
        task.presentCount(),
        task.isComplete());
  }
}
