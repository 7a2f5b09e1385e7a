package dev.darner.cluster;

import dev.darner.task.HostId;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Answers, for one host, which tasks its store holds. One runs on every node, registered with the
 * receptionist under {@link #KEY}, so that {@link ClusterTasks} on any node can ask every host.
 *
 * <p>It holds no state: each answer reads the store through the supplier the node gives it, so it
 * tells what the store holds at that moment. It stops with its node; the receptionist then drops it
 * from the listing.
 */
public final class TaskInventory {

  /** The receptionist key every node's inventory registers under. */
  public static final ServiceKey<Command> KEY =
      ServiceKey.create(Command.class, "darner-task-inventory");

  /** What an inventory is asked. */
  public sealed interface Command extends CborSerializable {}

  /** Asks for the tasks of this host. */
  public record ListTasks(ActorRef<HostTasks> replyTo) implements Command {}

  private TaskInventory() {}

  /**
   * Returns the behavior of the inventory of {@code self}, which reads its store through {@code
   * tasks} at every question.
   */
  public static Behavior<Command> create(HostId self, Supplier<List<HeldTask>> tasks) {
    return Behaviors.setup(
        context -> {
          context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
          Cluster cluster = Cluster.get(context.getSystem());
          String zone = cluster.selfMember().dataCenter();
          String address = cluster.selfMember().address().toString();
          return Behaviors.receive(Command.class)
              .onMessage(
                  ListTasks.class,
                  ask -> {
                    ask.replyTo().tell(new HostTasks(self, zone, address, tasks.get()));
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
