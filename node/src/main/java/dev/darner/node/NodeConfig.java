package dev.darner.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the configuration a node runs with: flags over the HOCON file over the defaults, and then
 * the Pekko settings that follow from Darner's own (ports, AZ, roles, seed nodes), so an operator
 * sets each fact once.
 */
public final class NodeConfig {

  /** The name of the actor system; every node of one cluster must use the same. */
  public static final String SYSTEM_NAME = "darner";

  private NodeConfig() {}

  /**
   * Returns the full configuration of a node.
   *
   * @param file a HOCON file of settings, if the operator gave one
   * @param overrides settings from command line flags, by full path, winning over everything
   * @throws IllegalArgumentException naming the file when it does not exist
   */
  public static Config load(Optional<Path> file, Map<String, Object> overrides) {
    Config base = ConfigFactory.load();
    if (file.isPresent()) {
      if (!Files.isRegularFile(file.get())) {
        throw new IllegalArgumentException("configuration file not found: " + file.get());
      }
      base = ConfigFactory.parseFile(file.get().toFile()).withFallback(base);
    }
    Config merged = ConfigFactory.parseMap(overrides).withFallback(base).resolve();
    merged = KubernetesZone.resolveAz(merged, System.getenv());
    return derivePekko(merged);
  }

  private static Config derivePekko(Config config) {
    NodeSettings node = NodeSettings.fromConfig(config);
    List<String> roles = new ArrayList<>(List.of(node.seed() ? "seed" : "peer"));
    List<String> seedNodes = new ArrayList<>();
    for (String hostPort : node.join()) {
      seedNodes.add("pekko://" + SYSTEM_NAME + "@" + checkHostPort(hostPort));
    }
    Config derived =
        ConfigFactory.empty()
            .withValue(
                "pekko.remote.artery.canonical.hostname",
                ConfigValueFactory.fromAnyRef(node.advertiseHost()))
            .withValue(
                "pekko.remote.artery.canonical.port",
                ConfigValueFactory.fromAnyRef(node.clusterPort()))
            .withValue(
                "pekko.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(node.bindHost()))
            .withValue(
                "pekko.remote.artery.bind.port", ConfigValueFactory.fromAnyRef(node.clusterPort()))
            .withValue(
                "pekko.cluster.multi-data-center.self-data-center",
                ConfigValueFactory.fromAnyRef(node.az()))
            .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles))
            .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes))
            .withValue(
                "darner.transfer.server.interface", ConfigValueFactory.fromAnyRef(node.bindHost()))
            .withValue(
                "darner.transfer.server.port", ConfigValueFactory.fromAnyRef(node.piecePort()))
            .withValue(
                "pekko.management.http.hostname",
                ConfigValueFactory.fromAnyRef(node.advertiseHost()))
            .withValue(
                "pekko.management.http.bind-hostname",
                ConfigValueFactory.fromAnyRef(node.bindHost()))
            .withValue(
                "pekko.management.http.port",
                ConfigValueFactory.fromAnyRef(config.getInt("darner.node.management-port")))
            .withValue(
                "pekko.management.http.bind-port",
                ConfigValueFactory.fromAnyRef(config.getInt("darner.node.management-port")));
    return derived.withFallback(config);
  }

  private static String checkHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("--join wants host:port, got: " + hostPort);
    }
    try {
      Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--join wants host:port, got: " + hostPort);
    }
    return hostPort;
  }
}
