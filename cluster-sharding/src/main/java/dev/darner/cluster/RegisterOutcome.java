package dev.darner.cluster;

import dev.darner.task.HostId;
import dev.darner.task.TaskMetadata;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/** What a peer does next, as its task's coordinator decided when it registered. */
public sealed interface RegisterOutcome {

  /**
   * Fetch from {@code parents}, best first, and check pieces against {@code crcs}; an empty list
   * with no missing piece means the peer holds the whole task.
   */
  record ParentsAssigned(TaskMetadata metadata, List<Parent> parents, PieceCrcs crcs)
      implements RegisterOutcome {}

  /**
   * Wait for the seed, or for {@code backToSource} (the peer fetching from the origin), and
   * register again after the poll interval.
   */
  record WaitForSeed(Optional<HostId> backToSource) implements RegisterOutcome {}

  /**
   * Go back to source for {@code piecesToFetch} and take the rest from {@code parents}. With no
   * metadata the peer fetches everything and reports the metadata it learns first. A seed may fetch
   * from {@code crossAzSources}, hosts of other AZs holding the whole task, instead of the origin,
   * when the cross-AZ policy allows it.
   */
  record BackToSource(
      Optional<TaskMetadata> metadata,
      List<Parent> parents,
      BitSet piecesToFetch,
      PieceCrcs crcs,
      List<HostId> crossAzSources)
      implements RegisterOutcome {}
}
