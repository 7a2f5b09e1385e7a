package dev.darner.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.cli.HostsToml;
import dev.darner.testing.TestContainerd;
import dev.darner.testing.TestImage;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestRegistry;
import dev.darner.testing.TokenServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A private repository behind token authentication: the registry's challenge and the client's token
 * pass through the mirror, and a layer the node already holds goes only to clients the registry
 * lets read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateMirrorTest {

  private static final int MIB = 1 << 20;
  private static final String REPOSITORY = "private/app";

  private Path dir;
  private TokenServer tokens;
  private TestRegistry registry;
  private TestImage image;
  private TestNode node;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("darner-mirror-private");
    tokens = TokenServer.start(dir);
    registry =
        TestRegistry.startWithTokens(Files.createDirectories(dir.resolve("registry")), tokens);
    image = TestImage.withTarLayers(dir.resolve("image"), 9, 2048, 6L * MIB);
    image.push(
        registry.hostPort() + "/" + REPOSITORY + ":v1",
        TokenServer.USER + ":" + TokenServer.PASSWORD,
        dir);
    node =
        TestNode.start(
            Files.createDirectories(dir.resolve("node")),
            Map.of(
                "darner.mirror.registries.\"" + registry.hostPort() + "\"",
                registry.base().toString(),
                "darner.mirror.default-registry",
                registry.hostPort()));
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  @Test
  void ctrPull_privateImageWithCredentials_pulledThroughMirror() throws Exception {
    try (TestContainerd containerd =
        TestContainerd.start(Files.createDirectories(dir.resolve("containerd")))) {

      containerd.pull(
          registry.hostPort() + "/" + REPOSITORY + ":v1",
          hostsDir(),
          TokenServer.USER + ":" + TokenServer.PASSWORD);

      assertTrue(containerd.contentDigests().contains(image.layers().get(1).digest()));
      assertTrue(
          registry.blobsServed().stream().noneMatch(s -> s.userAgent().startsWith("containerd")),
          "containerd fell back to the registry: " + registry.blobsServed());
    }
  }

  @Test
  void layerHeldByNode_clientWithoutCredentials_refusedWithTheRegistryChallenge() throws Exception {
    TestImage.Blob layer = image.layers().get(1);
    HttpResponse<byte[]> first = getBlob(layer, "Bearer " + pullToken());
    long servedBefore = registry.bytesServed(layer.digest());

    HttpResponse<byte[]> anonymous = getBlob(layer, "");
    HttpResponse<byte[]> withoutAccess = getBlob(layer, "Bearer " + anonymousToken());
    HttpResponse<byte[]> allowed = getBlob(layer, "Bearer " + pullToken());

    assertArrayEquals(image.bytes(layer), first.body());
    assertEquals(401, anonymous.statusCode());
    assertTrue(
        anonymous
            .headers()
            .firstValue("WWW-Authenticate")
            .orElse("")
            .contains(tokens.realm().toString()),
        "challenge: " + anonymous.headers().map());
    assertEquals(401, withoutAccess.statusCode());
    assertEquals(200, allowed.statusCode());
    assertArrayEquals(image.bytes(layer), allowed.body());
    assertEquals(servedBefore, registry.bytesServed(layer.digest()), "served from the store");
  }

  @Test
  void blob_fetchedWithToken_tokenNeverReachesTheDisk() throws Exception {
    String token = pullToken();

    getBlob(image.layers().get(0), "Bearer " + token);

    try (var files = Files.walk(node.dataDir())) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String text =
            new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains(token.substring(token.length() - 40)), "token found in " + p);
      }
    }
  }

  private String pullToken() throws Exception {
    return tokens.tokenFor("repository:" + REPOSITORY + ":pull");
  }

  private String anonymousToken() throws Exception {
    HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            tokens.realm()
                                + "?service="
                                + TokenServer.SERVICE
                                + "&scope=repository:"
                                + REPOSITORY
                                + ":pull"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return answer.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  private HttpResponse<byte[]> getBlob(TestImage.Blob blob, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            node.api(
                "/v2/" + REPOSITORY + "/blobs/" + blob.digest() + "?ns=" + registry.hostPort()));
    if (!authorization.isEmpty()) {
      request.header("Authorization", authorization);
    }
    return node.send(request.build());
  }

  private Path hostsDir() throws Exception {
    Path hosts = dir.resolve("hosts");
    Path registryDir = Files.createDirectories(hosts.resolve(registry.hostPort()));
    Files.writeString(
        registryDir.resolve("hosts.toml"),
        HostsToml.render(
            registry.hostPort(),
            registry.base(),
            URI.create("http://127.0.0.1:" + node.node().httpPort())));
    return hosts;
  }
}
