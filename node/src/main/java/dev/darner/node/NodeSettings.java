package dev.darner.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings of one node, read once from {@code darner.node}.
 *
 * @param az the availability zone, which is the node's Pekko data center
 * @param seed whether the node is a seed peer
 * @param bindHost the address the node's servers bind to
 * @param advertiseHost the address other hosts reach this one at
 * @param httpPort the port of the HTTP API
 * @param piecePort the port of the piece server
 * @param clusterPort the port of cluster membership
 * @param join the {@code host:port} cluster addresses to join; empty to form a cluster alone
 * @param dataDir where the store and the log live
 * @param gcInterval how often the store is garbage collected
 * @param idc the data-center label of this host, for parent ranking; empty for none
 * @param location the location label of this host, for parent ranking; empty for none
 * @param uploadSlots how many uploads this host serves at once
 */
public record NodeSettings(
    String az,
    boolean seed,
    String bindHost,
    String advertiseHost,
    int httpPort,
    int piecePort,
    int clusterPort,
    List<String> join,
    Path dataDir,
    Duration gcInterval,
    String idc,
    String location,
    int uploadSlots) {

  /** Returns the settings under {@code darner.node} of {@code config}. */
  public static NodeSettings fromConfig(Config config) {
    Config c = config.getConfig("darner.node");
    String bind = c.getString("bind-host");
    String advertise = c.getString("advertise-host");
    if (advertise.isEmpty()) {
      if (bind.equals("0.0.0.0") || bind.equals("::")) {
        throw new IllegalArgumentException(
            "darner.node.advertise-host must be set when bind-host is " + bind);
      }
      advertise = bind;
    }
    return new NodeSettings(
        c.getString("az"),
        c.getBoolean("seed"),
        bind,
        advertise,
        port(c, "http-port"),
        port(c, "piece-port"),
        port(c, "cluster-port"),
        c.getStringList("join"),
        DataDirs.resolve(c.getString("data-dir")),
        c.getDuration("gc-interval"),
        c.getString("idc"),
        c.getString("location"),
        c.getInt("upload-slots"));
  }

  /** Returns whether the node's servers are reachable only from this machine. */
  public boolean loopbackOnly() {
    return bindHost.equals("127.0.0.1") || bindHost.equals("localhost") || bindHost.equals("::1");
  }

  private static int port(Config c, String key) {
    int port = c.getInt(key);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("darner.node." + key + " must be 0..65535, was " + port);
    }
    return port;
  }
}
