package dev.darner.cli;

import com.typesafe.config.Config;
import dev.darner.node.DarnerNode;
import dev.darner.node.NodeConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darner node}: runs a node in the foreground until SIGTERM or SIGINT. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Darner node in the foreground until SIGTERM or SIGINT.",
      "With no options: a one-node cluster in AZ 'default', data under ~/.local/share/darner."
    })
public final class NodeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file of settings.")
  Path config;

  @Option(names = "--az", description = "Availability zone of this host.")
  String az;

  @Option(names = "--seed", description = "Make this host a seed peer of its AZ.")
  Boolean seed;

  @Option(
      names = "--join",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Cluster ports of nodes to join.")
  List<String> join;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the store lives.")
  Path dataDir;

  @Option(names = "--bind-host", description = "Address the servers bind to.")
  String bindHost;

  @Option(names = "--advertise-host", description = "Address other hosts reach this one at.")
  String advertiseHost;

  @Option(names = "--http-port", description = "HTTP API port (default 65001).")
  Integer httpPort;

  @Option(names = "--piece-port", description = "Piece transfer port (default 65002).")
  Integer piecePort;

  @Option(names = "--cluster-port", description = "Cluster port (default 25520).")
  Integer clusterPort;

  @Option(names = "--proxy-port", description = "HTTP proxy port for CONNECT (default 65003).")
  Integer proxyPort;

  @Option(names = "--quota", paramLabel = "SIZE", description = "Store quota, e.g. 200GiB.")
  String quota;

  @Override
  public Integer call() throws Exception {
    Config conf = NodeConfig.load(Optional.ofNullable(config), overrides());
    DarnerNode node = DarnerNode.start(conf);
    node.whenTerminated().toCompletableFuture().join();
    return ExitCodes.OK;
  }

  /** Returns the settings the flags given override, by their full configuration path. */
  Map<String, Object> overrides() {
    Map<String, Object> o = new HashMap<>();
    put(o, "darner.node.az", az);
    put(o, "darner.node.seed", seed);
    put(o, "darner.node.join", join);
    put(o, "darner.node.data-dir", dataDir == null ? null : dataDir.toAbsolutePath().toString());
    put(o, "darner.node.bind-host", bindHost);
    put(o, "darner.node.advertise-host", advertiseHost);
    put(o, "darner.node.http-port", httpPort);
    put(o, "darner.node.piece-port", piecePort);
    put(o, "darner.node.cluster-port", clusterPort);
    put(o, "darner.proxy.port", proxyPort);
    put(o, "darner.storage.quota", quota);
    return o;
  }

  private static void put(Map<String, Object> overrides, String path, Object value) {
    if (value != null) {
      overrides.put(path, value);
    }
  }
}
