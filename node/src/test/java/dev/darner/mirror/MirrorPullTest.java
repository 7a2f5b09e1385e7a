package dev.darner.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.cli.HostsToml;
import dev.darner.testing.Curl;
import dev.darner.testing.TestContainerd;
import dev.darner.testing.TestImage;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final int PIECE = 4 * MIB;

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

  @Test
  void curlRange_fourKibFromTheMiddleOf64MibLayer_nodeFetchesOnlyThePieceHoldingIt()
      throws Exception {
    TestImage lazy = TestImage.withRawLayer(dir.resolve("lazy-image"), 6, 64L * MIB);
    lazy.push(registry.hostPort() + "/darner/lazy:v1", "", dir);
    TestImage.Blob layer = lazy.layers().get(0);
    long from = 40L * MIB + 12_345;

    Curl.Result read = curl(blobUrl("darner/lazy", layer), "-r", from + "-" + (from + 4095));

    assertEquals(206, read.status());
    assertArrayEquals(
        Arrays.copyOfRange(lazy.bytes(layer), (int) from, (int) from + 4096), read.body());
    long served = registry.bytesServed(layer.digest());
    assertTrue(served <= PIECE + 1, "registry sent " + served + " bytes of a 64 MiB layer");
  }

  @Test
  void curlHead_blob_lengthWithoutFetchingIt() throws Exception {
    TestImage headed = TestImage.withRawLayer(dir.resolve("head-image"), 7, 9L * MIB);
    headed.push(registry.hostPort() + "/darner/head:v1", "", dir);
    TestImage.Blob layer = headed.layers().get(0);

    Curl.Result head = curl(blobUrl("darner/head", layer), "-I");

    assertEquals(200, head.status());
    assertEquals(String.valueOf(layer.size()), head.header("Content-Length"));
    assertEquals(layer.digest(), head.header("Docker-Content-Digest"));
    assertEquals(0, registry.bytesServed(layer.digest()));
  }

  @Test
  void blob_corruptedInTheRegistry_neverServedWholeNorKept() throws Exception {
    TestImage bad = TestImage.withRawLayer(dir.resolve("bad-image"), 8, 5L * MIB);
    bad.push(registry.hostPort() + "/darner/bad:v1", "", dir);
    TestImage.Blob layer = bad.layers().get(0);
    corruptInRegistry(layer);

    Curl.Result first = curl(blobUrl("darner/bad", layer));
    Curl.Result again = curl(blobUrl("darner/bad", layer));

    assertTrue(first.exitCode() != 0, "curl got the whole of content that fails its digest");
    assertTrue(again.exitCode() != 0, "content that failed its digest was kept");
  }

  private void corruptInRegistry(TestImage.Blob blob) throws Exception {
    String hex = blob.digest().substring(7);
    Path data =
        dir.resolve("registry/data/docker/registry/v2/blobs/sha256")
            .resolve(hex.substring(0, 2))
            .resolve(hex)
            .resolve("data");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(data, bytes);
  }

  private URI blobUrl(String repository, TestImage.Blob blob) {
    return node.api("/v2/" + repository + "/blobs/" + blob.digest() + "?ns=" + registry.hostPort());
  }

  private Curl.Result curl(URI url, String... options) throws Exception {
    return Curl.run(dir, url, options);
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
        .filter(served -> blobDigests().contains(served.digest()))
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
