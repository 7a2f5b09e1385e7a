package dev.darner.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/** Counts the cluster's members by AZ and status, for the cluster member gauge. */
public final class ClusterMemberCounts {

  private ClusterMemberCounts() {}

  /**
   * Returns how many members {@code system} sees in each AZ and status; an unreachable member
   * counts under the status {@code unreachable}, since that is what an operator must act on.
   */
  public static Map<NodeMetrics.AzStatus, Integer> of(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    Map<NodeMetrics.AzStatus, Integer> counts =
        new TreeMap<>(
            java.util.Comparator.comparing(NodeMetrics.AzStatus::az)
                .thenComparing(NodeMetrics.AzStatus::status));
    for (Member member : cluster.state().getMembers()) {
      String status =
          cluster.state().getUnreachable().contains(member)
              ? "unreachable"
              : member.status().toString().toLowerCase(Locale.ROOT);
      counts.merge(new NodeMetrics.AzStatus(member.dataCenter(), status), 1, Integer::sum);
    }
    return counts;
  }
}
