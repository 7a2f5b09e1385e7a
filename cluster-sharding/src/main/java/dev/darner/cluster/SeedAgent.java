package dev.darner.cluster;

import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Hands requests to fetch a task to the seed node's {@link SeedFetcher}: a coordinator's, when a
 * peer of the AZ needs the task, and a preheat's, which also wants to know how far the fetch got.
 *
 * <p>One runs on each node; heartbeats carry its reference to the AZ scheduler, which passes it to
 * coordinators and preheats with the seed it chose. It owns no state, so a restart loses nothing.
 */
public final class SeedAgent {

  /** What the agent is asked to do. */
  public sealed interface Command extends CborSerializable {}

  /** Asks the seed node to fetch {@code task}, described by {@code originRequest}. */
  public record FetchTask(TaskId task, String originRequest) implements Command {}

  /**
   * Asks the seed node to fetch {@code task} for a preheat unless it is running or complete, and to
   * say how far it got.
   *
   * @param retryFailed whether a failure of an earlier fetch is forgotten and the fetch retried
   */
  public record PreheatTask(
      TaskId task, String originRequest, boolean retryFailed, ActorRef<SeedProgress> replyTo)
      implements Command {}

  private SeedAgent() {}

  /** Returns the agent's behavior on the host {@code self}, calling {@code fetcher}. */
  public static Behavior<Command> create(HostId self, SeedFetcher fetcher) {
    return Behaviors.receive(Command.class)
        .onMessage(
            FetchTask.class,
            fetch -> {
              fetcher.fetch(fetch.task(), fetch.originRequest());
              return Behaviors.same();
            })
        .onMessage(
            PreheatTask.class,
            preheat -> {
              preheat.replyTo().tell(progress(self, fetcher, preheat));
              return Behaviors.same();
            })
        .build();
  }

  private static SeedProgress progress(HostId self, SeedFetcher fetcher, PreheatTask preheat) {
    try {
      return fetcher.preheat(self, preheat.task(), preheat.originRequest(), preheat.retryFailed());
    } catch (RuntimeException e) {
      // A preheat waits for an answer: a broken request is its failure, not the agent's.
      return SeedProgress.failed(self, 0, -1, "the seed could not start the fetch: " + e);
    }
  }
}
