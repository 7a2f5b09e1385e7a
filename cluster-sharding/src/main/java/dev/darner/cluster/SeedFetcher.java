package dev.darner.cluster;

import dev.darner.task.HostId;
import dev.darner.task.TaskId;

/**
 * Starts a download on a seed node when its AZ needs a task. The node implements it; a call for a
 * task the node is already fetching or holds must do nothing, because a coordinator asks again when
 * it hears nothing.
 */
@FunctionalInterface
public interface SeedFetcher {

  /**
   * Starts fetching {@code task}, described by {@code originRequest} as the peer that asked for it
   * registered it.
   */
  void fetch(TaskId task, String originRequest);

  /**
   * Starts fetching {@code task} for a preheat, unless it is running or complete, and returns how
   * far this node, {@code self}, got with it. A preheat asks again and again until the answer is
   * final, so the call must be cheap when the task is running.
   *
   * <p>The default starts the fetch and says it is running with nothing known; a node overrides it
   * to report its store's progress and failures.
   *
   * @param retryFailed whether a failure of an earlier fetch of the task is forgotten and the fetch
   *     tried again, as a new preheat wants; a preheat polling its own fetch passes false, so that
   *     it sees the failure instead of starting over
   */
  default SeedProgress preheat(
      HostId self, TaskId task, String originRequest, boolean retryFailed) {
    fetch(task, originRequest);
    return SeedProgress.running(self, 0, -1);
  }
}
