package dev.darner.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.cli.HostsToml;
import dev.darner.testing.TestContainerd;
import dev.darner.testing.TestImage;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * containerd pulls a multi-layer image through a node's mirror, configured by the hosts.toml that
 * {@code darner mirror-config} prints, from the Debian docker-registry into which skopeo pushed it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorPullTest {

  private static final int MIB = 1 << 20;

  private Path dir;
  private TestRegistry registry;
  private TestImage image;
  private TestNode node;
  private String reference;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("darner-mirror-pull");
    registry = TestRegistry.start(Files.createDirectories(dir.resolve("registry")));
    image = TestImage.withTarLayers(dir.resolve("image"), 5, 4096, 3L * MIB, 24L * MIB);
    reference = registry.hostPort() + "/darner/app:v1";
    image.push(reference, "", dir);
    node = startNode("node-a");
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void ctrPull_throughMirror_everyBlobFetchedByTheNodeOnceAndUnpacked() throws Exception {
    try (TestContainerd containerd =
        TestContainerd.start(Files.createDirectories(dir.resolve("containerd-1")))) {

      containerd.pull(reference, hostsDir(node, "hosts-1"), "");

      assertTrue(containerd.contentDigests().containsAll(blobDigests()));
      assertEquals(sizesPlusProbe(), bytesServed(), "blob bytes the registry sent");
      assertTrue(
          registry.blobsServed().stream().noneMatch(s -> s.userAgent().startsWith("containerd")),
          "containerd fell back to the registry: " + registry.blobsServed());
    }
  }

  private List<TestImage.Blob> blobs() {
    List<TestImage.Blob> blobs = new ArrayList<>(image.layers());
    blobs.add(image.config());
    return blobs;
  }

  private List<String> blobDigests() {
    return blobs().stream().map(TestImage.Blob::digest).toList();
  }

  /** Returns each blob's size and the one byte the node reads first to learn the length. */
  private Map<String, Long> sizesPlusProbe() {
    return blobs().stream().collect(Collectors.toMap(TestImage.Blob::digest, b -> b.size() + 1));
  }

  private Map<String, Long> bytesServed() throws Exception {
    return registry.blobsServed().stream()
        .collect(
            Collectors.groupingBy(
                TestRegistry.Served::digest, Collectors.summingLong(TestRegistry.Served::bytes)));
  }

  private TestNode startNode(String name) throws Exception {
    return TestNode.start(
        Files.createDirectories(dir.resolve(name)),
        Map.of(
            "darner.mirror.registries.\"" + registry.hostPort() + "\"",
            registry.base().toString(),
            "darner.mirror.default-registry",
            ""));
  }

  private Path hostsDir(TestNode through, String name) throws Exception {
    Path hosts = dir.resolve(name);
    Path registryDir = Files.createDirectories(hosts.resolve(registry.hostPort()));
    Files.writeString(
        registryDir.resolve("hosts.toml"),
        HostsToml.render(
            registry.hostPort(),
            registry.base(),
            URI.create("http://127.0.0.1:" + through.node().httpPort())));
    return hosts;
  }
}
