package dev.darner.cluster;

import dev.darner.task.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Which hosts of the cluster hold which tasks: starts this node's {@link TaskInventory} and asks
 * every host's inventory, in every AZ, when asked.
 *
 * <p>Each host answers from its own store, so the listing is the truth of the stores at the moment
 * of asking, partial tasks included, rather than what the schedulers have heard of. A host that
 * does not answer within the timeout is listed by cluster address in {@link Listing#unanswered()}.
 */
public final class ClusterTasks {

  /**
   * The tasks of every host that answered, by AZ and then host, and the inventories that did not.
   */
  public record Listing(List<HostTasks> hosts, List<String> unanswered) {}

  private final ActorSystem<?> system;
  private final Duration timeout;

  private ClusterTasks(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /**
   * Starts the inventory of {@code self}, which reads its store through {@code tasks}, and returns
   * the facade that lists the cluster's tasks, waiting {@code timeout} for each host.
   */
  public static ClusterTasks start(
      ActorSystem<?> system, HostId self, Supplier<List<HeldTask>> tasks, Duration timeout) {
    system.systemActorOf(TaskInventory.create(self, tasks), "darner-task-inventory", Props.empty());
    return new ClusterTasks(system, timeout);
  }

  /** Returns the tasks of every host the receptionist knows now. */
  public CompletionStage<Listing> list() {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
            system.receptionist(),
            replyTo -> Receptionist.find(TaskInventory.KEY, replyTo),
            timeout,
            system.scheduler())
        .thenCompose(listing -> askAll(listing.getServiceInstances(TaskInventory.KEY)));
  }

  private CompletionStage<Listing> askAll(Set<ActorRef<TaskInventory.Command>> inventories) {
    List<ActorRef<TaskInventory.Command>> refs = new ArrayList<>(inventories);
    List<CompletableFuture<HostTasks>> answers = new ArrayList<>();
    for (ActorRef<TaskInventory.Command> inventory : refs) {
      answers.add(
          AskPattern.<TaskInventory.Command, HostTasks>ask(
                  inventory, TaskInventory.ListTasks::new, timeout, system.scheduler())
              .toCompletableFuture()
              .exceptionally(failure -> null));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<HostTasks> hosts = new ArrayList<>();
              List<String> unanswered = new ArrayList<>();
              for (int i = 0; i < refs.size(); i++) {
                HostTasks answer = answers.get(i).join();
                if (answer == null) {
                  unanswered.add(refs.get(i).path().address().toString());
                } else {
                  hosts.add(answer);
                }
              }
              hosts.sort(
                  Comparator.comparing(HostTasks::availabilityZone).thenComparing(HostTasks::host));
              unanswered.sort(null);
              return new Listing(List.copyOf(hosts), List.copyOf(unanswered));
            });
  }
}
