package dev.darner.node;

import com.typesafe.config.Config;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * How a node finds the cluster, from {@code darner.node.discovery}: {@code static} joins the {@code
 * join} addresses (or forms a cluster alone when there are none); {@code kubernetes} starts Pekko
 * Management and Cluster Bootstrap, which find the other pods through the Kubernetes API.
 */
enum Discovery {
  STATIC,
  KUBERNETES;

  /** Returns the discovery {@code config} asks for. */
  static Discovery fromConfig(Config config) {
    String value = config.getString("darner.node.discovery");
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "darner.node.discovery must be static or kubernetes, was: " + value, e);
    }
  }

  /** Starts finding the cluster for the node of {@code system}. */
  void start(ActorSystem<?> system, NodeSettings settings) {
    if (this == KUBERNETES) {
      PekkoManagement.get(system.classicSystem()).start();
      ClusterBootstrap.get(system.classicSystem()).start();
    } else if (settings.join().isEmpty()) {
      // Joining our own address forms a one-node cluster; done here rather than through
      // seed-nodes so that a cluster port of 0 (tests) works too.
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
