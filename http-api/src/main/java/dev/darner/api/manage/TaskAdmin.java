package dev.darner.api.manage;

import dev.darner.cluster.ClusterTasks;
import dev.darner.cluster.HeldTask;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** What the management routes need of a node's tasks. Implemented by the node. */
public interface TaskAdmin {

  /** Returns the tasks in this node's store, by task id. */
  List<HeldTask> localTasks();

  /**
   * Returns the task of this node's store whose id is {@code idOrPrefix} or starts with it.
   *
   * @throws ManagementFailure NOT_FOUND when none matches, BAD_REQUEST when several do
   */
  HeldTask localTask(String idOrPrefix);

  /**
   * Removes the task whose id is {@code idOrPrefix} or starts with it from this node's store and
   * returns it.
   *
   * @throws ManagementFailure NOT_FOUND when none matches, BAD_REQUEST when several do, CONFLICT
   *     when it is being downloaded or read
   */
  HeldTask removeTask(String idOrPrefix);

  /** Returns the tasks of every host of the cluster, by AZ and host. */
  CompletionStage<ClusterTasks.Listing> clusterTasks();

  /** Returns this node's statistics now. */
  NodeStat stat();
}
