package dev.darner.cli;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code darner mirror-config REGISTRY}: prints the containerd {@code hosts.toml} that pulls the
 * images of REGISTRY through the local node's registry mirror.
 */
@Command(
    name = "mirror-config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the containerd hosts.toml that pulls REGISTRY's images through a Darner node.",
      "Save it as /etc/containerd/certs.d/REGISTRY/hosts.toml."
    })
public final class MirrorConfigCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "REGISTRY",
      description = "Registry host as in image references, such as docker.io or ghcr.io.")
  String registry;

  @Option(
      names = "--node",
      paramLabel = "URL",
      description =
          "The node's HTTP API (default: $DARNER_NODE or " + GetCommand.DEFAULT_NODE + ").")
  String node;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "The registry's own URL, if not https://REGISTRY.")
  String server;

  @Option(names = "--plain-http", description = "The registry speaks plain HTTP.")
  boolean plainHttp;

  @Override
  public Integer call() {
    String nodeUrl =
        node != null ? node : System.getenv().getOrDefault("DARNER_NODE", GetCommand.DEFAULT_NODE);
    URI upstream = server != null ? URI.create(server) : HostsToml.serverOf(registry, plainHttp);
    System.out.print(HostsToml.render(registry, upstream, URI.create(nodeUrl)));
    return ExitCodes.OK;
  }
}
