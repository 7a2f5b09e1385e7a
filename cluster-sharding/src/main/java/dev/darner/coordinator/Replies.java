package dev.darner.coordinator;

import dev.darner.coordinator.TaskCoordinator.AwaitSeed;
import dev.darner.coordinator.TaskCoordinator.FetchFromSource;
import dev.darner.coordinator.TaskCoordinator.ParentInfo;
import dev.darner.coordinator.TaskCoordinator.ParentsFound;
import dev.darner.coordinator.TaskCoordinator.Reply;
import dev.darner.schedule.CrossAzPolicy;
import dev.darner.schedule.ParentSelector.Ranked;
import dev.darner.task.HostId;
import java.util.ArrayList;
import java.util.List;

/** Turns the decisions of {@link TaskState} into the replies that cross the cluster. */
final class Replies {

  private Replies() {}

  /**
   * Returns the reply for {@code decision}; a seed going back to source also hears of the hosts of
   * other AZs it may fetch from, as {@code policy} allows.
   */
  static Reply of(
      TaskState.Decision decision, CrossAzPolicy policy, boolean seed, List<HostId> remote) {
    if (decision instanceof TaskState.Parents parents) {
      return new ParentsFound(
          parents.metadata(), infos(parents.parents()), parents.crcPieces(), parents.crcs());
    }
    if (decision instanceof TaskState.Source source) {
      return new FetchFromSource(
          source.metadata(),
          infos(source.parents()),
          source.toFetch(),
          source.crcPieces(),
          source.crcs(),
          policy.sourcesFor(seed, remote));
    }
    return new AwaitSeed(((TaskState.Wait) decision).backToSource());
  }

  private static List<ParentInfo> infos(List<Ranked> ranked) {
    List<ParentInfo> infos = new ArrayList<>(ranked.size());
    for (Ranked parent : ranked) {
      infos.add(
          new ParentInfo(
              parent.parent().host(),
              parent.parent().pieces().clone(),
              parent.parent().seed(),
              parent.score()));
    }
    return infos;
  }
}
