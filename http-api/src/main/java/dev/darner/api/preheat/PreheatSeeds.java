package dev.darner.api.preheat;

import dev.darner.api.DownloadRequest;
import dev.darner.cluster.SeedProgress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** What a preheat needs of the node and its cluster. Implemented by the node. */
public interface PreheatSeeds {

  /** Returns the AZs of the cluster now, in name order. */
  List<String> zones();

  /**
   * Asks the seed peer of {@code az} for the task of {@code request} to fetch it unless it is
   * running or complete, and returns how far that seed got. The request's headers stay on this
   * node: the seed fetches without them.
   *
   * @param retryFailed whether the seed forgets an earlier failure of the task and tries again
   */
  CompletionStage<SeedProgress> fetch(String az, DownloadRequest request, boolean retryFailed);
}
