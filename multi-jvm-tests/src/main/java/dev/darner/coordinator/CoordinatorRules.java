package dev.darner.coordinator;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.schedule.ParentSelector;
import dev.darner.schedule.ParentSelector.Ranked;
import dev.darner.task.HostId;
import dev.darner.task.TaskMetadata;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Opens one task coordinator's rules ({@link TaskState}) to the simulation runner of module {@code
 * multi-jvm-tests}, so that the simulation decides with exactly the code the coordinators run.
 *
 * <p>{@code TaskState} is package-private in {@code cluster-sharding}; this class shares its
 * package from another module (the class path allows it) and passes every call through unchanged.
 * It goes away once {@code TaskState} and its decisions are public.
 */
public final class CoordinatorRules {

  /** What a registering peer was told, in the words of {@code RegisterOutcome}. */
  public enum Kind {
    /** Fetch from the parents. */
    PARENTS,
    /** Wait for the seed and register again. */
    WAIT,
    /** Go back to source for {@code toFetch} (everything when it is empty). */
    SOURCE
  }

  /**
   * One decision: its kind, the ranked parents, and the pieces to fetch from the origin (empty
   * unless {@link Kind#SOURCE}).
   */
  public record Answer(Kind kind, List<Ranked> parents, long[] toFetch) {}

  private final TaskState state;

  /** Creates the rules of one task's coordinator, as {@code TaskCoordinator} does. */
  public CoordinatorRules(ParentSelector selector, long stallMillis, RandomGenerator random) {
    this.state = new TaskState(selector, stallMillis, random);
  }

  /** Registers or refreshes the peer on {@code host} and returns what it does next. */
  public Answer register(
      HostId host, boolean seed, Optional<TaskMetadata> known, long[] pieces, long nowMillis) {
    TaskState.Decision decision = state.register(host, seed, known, pieces, nowMillis);
    if (decision instanceof TaskState.Parents parents) {
      return new Answer(Kind.PARENTS, parents.parents(), new long[0]);
    }
    if (decision instanceof TaskState.Source source) {
      return new Answer(Kind.SOURCE, source.parents(), source.toFetch());
    }
    return new Answer(Kind.WAIT, List.of(), new long[0]);
  }

  /** Adopts {@code reported} as the task's metadata unless some is known already. */
  public void adoptMetadata(TaskMetadata reported) {
    state.adoptMetadata(reported);
  }

  /** Records pieces {@code host} reports, and returns whether a checksum contradicted one known. */
  public boolean reportPieces(HostId host, int[] pieces, int[] crcs, long nowMillis) {
    return state.reportPieces(host, pieces, crcs, nowMillis);
  }

  /** Records that {@code host} holds the whole task, and returns whether it is a known peer. */
  public boolean complete(HostId host, long nowMillis) {
    return state.complete(host, nowMillis);
  }

  /** Records that {@code child} failed to get a piece from {@code parent}. */
  public void reportFailure(HostId child, HostId parent) {
    state.reportFailure(child, parent);
  }

  /** Applies what the AZ scheduler says of {@code host}. */
  public void hostDescribed(
      HostId host, boolean live, boolean blocked, Optional<HostHeartbeat> beat) {
    state.hostDescribed(host, live, blocked, beat);
  }

  /** Records the AZ's seed for the task; empty when no seed lives. */
  public void seedChosen(Optional<HostId> chosen) {
    state.seedChosen(chosen);
  }

  /** Returns whether a seed should be asked to fetch the task, and clears the wish. */
  public boolean takeSeedWanted() {
    return state.takeSeedWanted();
  }

  /** Returns the checksums the coordinator knows, for the scheduler's record of holders. */
  public int[] crcs() {
    return state.crcs();
  }

  /** Returns the seed the scheduler chose for the task. */
  public Optional<HostId> seed() {
    return state.seed();
  }

  /** Returns the peer going back to source, if any. */
  public Optional<HostId> backToSource() {
    return state.backToSource();
  }

  /** Returns the hosts of the task's peers. */
  public List<HostId> hosts() {
    return state.hosts();
  }
}
