package dev.darner.cluster;

import dev.darner.task.HostId;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a seed peer got with a task it was asked to preheat.
 *
 * @param seed the seed peer that answered; empty when the AZ has none
 * @param state where the fetch stands
 * @param bytesDone the bytes the seed holds verified
 * @param bytesTotal the task's length; -1 while the seed does not know it yet
 * @param error why the fetch failed or could not start; empty otherwise
 */
public record SeedProgress(
    Optional<HostId> seed, State state, long bytesDone, long bytesTotal, String error)
    implements CborSerializable {

  /** Where a seed's fetch of a task stands. */
  public enum State {
    /** The seed is fetching the task. */
    RUNNING,
    /** The seed holds the whole task, verified. */
    COMPLETE,
    /** The fetch failed; {@code error} says why. */
    FAILED,
    /** No seed peer lives in the AZ, so nobody there can be asked. */
    NO_SEED
  }

  public SeedProgress {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(error, "error");
  }

  /**
   * Returns the progress of a fetch that {@code seed} is running, {@code done} of {@code total}.
   */
  public static SeedProgress running(HostId seed, long done, long total) {
    return new SeedProgress(Optional.of(seed), State.RUNNING, done, total, "");
  }

  /** Returns the progress of a task that {@code seed} holds whole, {@code total} bytes. */
  public static SeedProgress complete(HostId seed, long total) {
    return new SeedProgress(Optional.of(seed), State.COMPLETE, total, total, "");
  }

  /** Returns the progress of a fetch by {@code seed} that failed for {@code error}. */
  public static SeedProgress failed(HostId seed, long done, long total, String error) {
    return new SeedProgress(Optional.of(seed), State.FAILED, done, total, error);
  }

  /** Returns the answer for an AZ, named {@code az}, that has no live seed peer. */
  public static SeedProgress noSeed(String az) {
    return new SeedProgress(
        Optional.empty(), State.NO_SEED, 0, -1, "AZ " + az + " has no live seed peer");
  }

  /** Returns whether the fetch is over, one way or the other. */
  public boolean isFinal() {
    return state != State.RUNNING;
  }
}
