package dev.darner.cli;

import java.net.URI;
import java.util.Locale;

/**
 * The {@code hosts.toml} that makes containerd pull a registry's images through a Darner node: the
 * node as a mirror that may pull and resolve, the registry itself as the server behind it.
 */
public final class HostsToml {

  private HostsToml() {}

  /**
   * Returns the URL containerd reaches {@code registry} at without a mirror: Docker Hub's real host
   * for {@code docker.io}, otherwise the registry over https, or over http when {@code plainHttp}.
   */
  public static URI serverOf(String registry, boolean plainHttp) {
    if (registry.equals("docker.io")) {
      return URI.create("https://registry-1.docker.io");
    }
    return URI.create((plainHttp ? "http://" : "https://") + registry);
  }

  /**
   * Returns the text of the hosts.toml for {@code registry}, served by {@code server}, mirrored by
   * the node at {@code node}, with comments saying where it goes and what the node needs.
   *
   * @throws IllegalArgumentException naming the registry when it is not a host name with an
   *     optional port
   */
  public static String render(String registry, URI server, URI node) {
    if (!registry.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
      throw new IllegalArgumentException(
          "registry must be a host with an optional port, such as ghcr.io: " + registry);
    }
    String name = registry.toLowerCase(Locale.ROOT);
    String base = node.toString().replaceAll("/+$", "");
    return "# containerd: save as /etc/containerd/certs.d/"
        + name
        + "/hosts.toml, with config_path = \"/etc/containerd/certs.d\"\n"
        + "# under [plugins.\"io.containerd.grpc.v1.cri\".registry] (ctr: --hosts-dir"
        + " /etc/containerd/certs.d).\n"
        + "# The node must allow the registry: darner.mirror.registries { \""
        + name
        + "\" = \""
        + server
        + "\" }\n"
        + "server = \""
        + server
        + "\"\n"
        + "\n"
        + "[host.\""
        + base
        + "\"]\n"
        + "  capabilities = [\"pull\", \"resolve\"]\n";
  }
}
