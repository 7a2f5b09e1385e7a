package dev.darner.download;

import dev.darner.api.DownloadRequest;
import dev.darner.api.preheat.PreheatSeeds;
import dev.darner.cluster.SeedProgress;
import dev.darner.cluster.TaskCoordination;
import dev.darner.task.TaskId;
import dev.darner.task.TaskIds;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The node's {@link PreheatSeeds}: asks a seed through task coordination with the same seed request
 * a coordinator would carry, so the seed fetches a preheated task exactly as it fetches one its
 * peers need, and credentials stay on this node.
 */
public final class NodePreheatSeeds implements PreheatSeeds {

  private final TaskCoordination coordination;

  /** Returns the preheat seeds of a node that coordinates tasks through {@code coordination}. */
  public NodePreheatSeeds(TaskCoordination coordination) {
    this.coordination = coordination;
  }

  @Override
  public List<String> zones() {
    return coordination.zones();
  }

  @Override
  public CompletionStage<SeedProgress> fetch(
      String az, DownloadRequest request, boolean retryFailed) {
    TaskId task;
    try {
      task =
          TaskIds.of(
              request.url(), request.digest(), request.ignoredQueryParameters(), request.tag());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return coordination.preheat(az, task, SeedRequest.of(request).encode(), retryFailed);
  }
}
