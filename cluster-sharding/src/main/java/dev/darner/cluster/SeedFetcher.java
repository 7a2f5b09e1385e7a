package dev.darner.cluster;

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
}
