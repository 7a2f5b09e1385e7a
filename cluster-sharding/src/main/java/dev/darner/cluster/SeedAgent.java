package dev.darner.cluster;

import dev.darner.task.TaskId;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Hands a coordinator's request to fetch a task to the seed node's {@link SeedFetcher}.
 *
 * <p>One runs on each node; heartbeats carry its reference to the AZ scheduler, which passes it to
 * coordinators with the seed it chose. It owns no state, so a restart loses nothing.
 */
public final class SeedAgent {

  /** What the agent is asked to do. */
  public sealed interface Command extends CborSerializable {}

  /** Asks the seed node to fetch {@code task}, described by {@code originRequest}. */
  public record FetchTask(TaskId task, String originRequest) implements Command {}

  private SeedAgent() {}

  /** Returns the agent's behavior, calling {@code fetcher} for each request. */
  public static Behavior<Command> create(SeedFetcher fetcher) {
    return Behaviors.receive(Command.class)
        .onMessage(
            FetchTask.class,
            fetch -> {
              fetcher.fetch(fetch.task(), fetch.originRequest());
              return Behaviors.same();
            })
        .build();
  }
}
