package dev.darner.cluster;

import dev.darner.schedule.AzScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Reaches the AZ schedulers: this AZ's, which runs as a singleton of this data center, and the
 * other AZs', through proxies made on first use.
 */
final class Schedulers {

  static final String NAME = "az-scheduler";

  private final ActorSystem<?> system;
  private final CoordinationSettings settings;
  private final String selfDataCenter;
  private final Map<String, ActorRef<AzScheduler.Command>> proxies = new ConcurrentHashMap<>();

  Schedulers(ActorSystem<?> system, CoordinationSettings settings) {
    this.system = system;
    this.settings = settings;
    this.selfDataCenter = Cluster.get(system).selfMember().dataCenter();
  }

  /** Returns this AZ's scheduler, starting its singleton manager on this node. */
  ActorRef<AzScheduler.Command> local() {
    return of(selfDataCenter);
  }

  /** Returns the scheduler of {@code dataCenter}. */
  ActorRef<AzScheduler.Command> of(String dataCenter) {
    return proxies.computeIfAbsent(
        dataCenter,
        dc ->
            ClusterSingleton.get(system)
                .init(
                    SingletonActor.of(AzScheduler.create(settings), NAME)
                        .withSettings(ClusterSingletonSettings.create(system).withDataCenter(dc))));
  }

  /** Returns the schedulers of every other AZ the cluster knows now. */
  List<ActorRef<AzScheduler.Command>> remotes() {
    List<ActorRef<AzScheduler.Command>> remotes = new ArrayList<>();
    for (String dc : Cluster.get(system).state().getAllDataCenters()) {
      if (!dc.equals(selfDataCenter)) {
        remotes.add(of(dc));
      }
    }
    return remotes;
  }
}
