package dev.darner.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.darner.cli.HostsToml;
import dev.darner.testing.Poll;
import dev.darner.testing.TestContainerd;
import dev.darner.testing.TestImage;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two hosts of one AZ pull the same image, each through its own node and its own containerd: the
 * registry serves each blob once, the second node taking it from the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodePullTest {

  private static final int MIB = 1 << 20;

  private Path dir;
  private TestRegistry registry;
  private TestImage image;
  private TestNode seed;
  private TestNode peer;
  private String reference;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("darner-mirror-two");
    registry = TestRegistry.start(Files.createDirectories(dir.resolve("registry")));
    image = TestImage.withTarLayers(dir.resolve("image"), 11, 1024, 2L * MIB, 20L * MIB);
    reference = registry.hostPort() + "/darner/shared:v1";
    image.push(reference, "", dir);
    seed = startNode("seed", Map.of("darner.node.seed", true));
    peer = startNode("peer", Map.of("darner.node.join", List.of(seed.clusterAddress())));
    Poll.until(
        "two cluster members up",
        Duration.ofSeconds(30),
        () -> upMembers(seed) == 2 && upMembers(peer) == 2);
  }

  @AfterAll
  void stop() throws Exception {
    if (peer != null) {
      peer.close();
    }
    if (seed != null) {
      seed.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void twoNodesPull_sameImage_registryServesEachBlobOnce() throws Exception {
    try (TestContainerd first =
            TestContainerd.start(Files.createDirectories(dir.resolve("containerd-seed")));
        TestContainerd second =
            TestContainerd.start(Files.createDirectories(dir.resolve("containerd-peer")))) {

      first.pull(reference, hostsDir(seed, "hosts-seed"), "");
      second.pull(reference, hostsDir(peer, "hosts-peer"), "");

      assertEquals(sizesPlusProbe(), bytesServed(), "blob bytes the registry sent");
    }
  }

  private List<TestImage.Blob> blobs() {
    List<TestImage.Blob> blobs = new ArrayList<>(image.layers());
    blobs.add(image.config());
    return blobs;
  }

  /** Returns each blob's size and the one byte the first node reads to learn the length. */
  private Map<String, Long> sizesPlusProbe() {
    return blobs().stream().collect(Collectors.toMap(TestImage.Blob::digest, b -> b.size() + 1));
  }

  private Map<String, Long> bytesServed() throws Exception {
    return registry.blobsServed().stream()
        .collect(
            Collectors.groupingBy(
                TestRegistry.Served::digest, Collectors.summingLong(TestRegistry.Served::bytes)));
  }

  private static long upMembers(TestNode node) {
    return java.util.stream.StreamSupport.stream(
            Cluster.get(node.node().system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }

  private TestNode startNode(String name, Map<String, Object> extra) throws Exception {
    Map<String, Object> settings = new java.util.HashMap<>(extra);
    settings.put(
        "darner.mirror.registries.\"" + registry.hostPort() + "\"", registry.base().toString());
    settings.put("darner.mirror.default-registry", "");
    return TestNode.start(Files.createDirectories(dir.resolve(name)), settings);
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
