package dev.darner.preheat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.cluster.ClusterOverview;
import dev.darner.testing.Poll;
import dev.darner.testing.PreheatJobs;
import dev.darner.testing.TestImage;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Preheating an image across two AZs, each with its own seed, from Debian's docker-registry: a
 * multi-platform index is resolved to the blobs of the wanted platform, the seed of each AZ fetches
 * each blob from the registry once, and a later pull of a blob through the mirror in either AZ
 * costs the registry nothing more, because the preheat used the mirror's task ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagePreheatTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIB = 1 << 20;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  private Path dir;
  private TestRegistry registry;
  private TestImage amd64;
  private TestImage arm64;
  private TestNode seedA;
  private TestNode seedB;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("darner-preheat-image");
    registry = TestRegistry.start(Files.createDirectories(dir.resolve("registry")));
    amd64 = TestImage.withTarLayers(dir.resolve("amd64"), 31, 1024, MIB, 6L * MIB);
    arm64 = TestImage.withTarLayers(dir.resolve("arm64"), 32, 2L * MIB);
    amd64.push(registry.hostPort() + "/darner/app:amd64", "", dir);
    arm64.push(registry.hostPort() + "/darner/app:arm64", "", dir);
    putIndex("multi", Map.of("amd64", "amd64", "arm64", "arm64"));
    seedA = startNode("seed-a", "az-a", List.of());
    seedB = startNode("seed-b", "az-b", List.of(seedA.clusterAddress()));
    Poll.until("both AZs' schedulers know their seed", WAIT, () -> bothZonesReady(seedA));
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {seedB, seedA, registry}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @Test
  void preheat_multiPlatformIndex_eachAzSeedFetchesTheWantedBlobsOnceAndPullsCostNothing()
      throws Exception {
    String body =
        "{\"type\": \"image\", \"ref\": \""
            + registry.hostPort()
            + "/darner/app:multi\", \"platforms\": [\"linux/amd64\"]}";

    String id = PreheatJobs.start(seedA, body, Optional.empty());
    JsonNode job = PreheatJobs.awaitFinished(seedA, id, WAIT);

    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals(List.of("az-a", "az-b"), texts(job.get("zones")));
    List<TestImage.Blob> blobs = blobs(amd64);
    List<String> names = new ArrayList<>();
    job.get("tasks").forEach(t -> names.add(t.get("name").asText()));
    assertEquals(blobs.stream().map(TestImage.Blob::digest).sorted().toList(), sorted(names));
    for (JsonNode task : job.get("tasks")) {
      String taskId = task.get("taskId").asText();
      assertTrue(PreheatJobs.holdsWhole(seedA, taskId), "az-a seed holds " + taskId);
      assertTrue(PreheatJobs.holdsWhole(seedB, taskId), "az-b seed holds " + taskId);
    }
    for (TestImage.Blob blob : blobs) {
      long sent = registry.bytesServed(blob.digest());
      assertTrue(
          sent >= 2 * blob.size() && sent <= 2 * (blob.size() + 1),
          "registry sent " + sent + " bytes of " + blob + ", once per AZ");
    }
    for (TestImage.Blob blob : blobs(arm64)) {
      assertEquals(0, registry.bytesServed(blob.digest()), "arm64 blob " + blob + " untouched");
    }

    for (TestNode node : List.of(seedA, seedB)) {
      for (JsonNode task : job.get("tasks")) {
        String digest = task.get("name").asText();
        long before = registry.bytesServed(digest);
        HttpResponse<byte[]> pulled = node.get(node.api(mirrorBlob(digest)));

        assertEquals(200, pulled.statusCode());
        assertEquals(
            task.get("taskId").asText(),
            pulled.headers().firstValue("X-Darner-Task-Id").orElseThrow());
        assertArrayEquals(amd64.bytes(blob(amd64, digest)), pulled.body());
        assertEquals(before, registry.bytesServed(digest), "pull of " + digest + " hit the store");
      }
    }
  }

  @Test
  void preheat_platformTheIndexLacks_jobFailsNamingWhatItOffers() throws Exception {
    String body =
        "{\"type\": \"image\", \"ref\": \""
            + registry.hostPort()
            + "/darner/app:multi\", \"platforms\": [\"linux/s390x\"]}";

    JsonNode job =
        PreheatJobs.awaitFinished(seedA, PreheatJobs.start(seedA, body, Optional.empty()), WAIT);

    assertEquals("FAILED", job.get("state").asText());
    assertTrue(
        job.get("error").asText().contains("no manifest for [linux/s390x]")
            && job.get("error").asText().contains("linux/arm64"),
        job.get("error").asText());
  }

  @Test
  void preheat_unknownTag_jobFailsNotFound() throws Exception {
    String body = "{\"type\": \"image\", \"ref\": \"" + registry.hostPort() + "/darner/app:nope\"}";

    JsonNode job =
        PreheatJobs.awaitFinished(seedA, PreheatJobs.start(seedA, body, Optional.empty()), WAIT);

    assertEquals("FAILED", job.get("state").asText());
    assertTrue(job.get("error").asText().contains("not found"), job.get("error").asText());
  }

  private String mirrorBlob(String digest) {
    return "/v2/darner/app/blobs/" + digest + "?ns=" + registry.hostPort();
  }

  private TestNode startNode(String name, String az, List<String> join) throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put("darner.node.az", az);
    settings.put("darner.node.seed", true);
    settings.put("darner.node.join", join);
    settings.put("darner.preheat.poll-interval", "100 ms");
    settings.put(
        "darner.mirror.registries.\"" + registry.hostPort() + "\"", registry.base().toString());
    settings.put("darner.mirror.default-registry", "");
    return TestNode.start(Files.createDirectories(dir.resolve(name)), settings);
  }

  private static boolean bothZonesReady(TestNode node) {
    ClusterOverview overview =
        ClusterOverview.read(node.node().system()).toCompletableFuture().join();
    return overview.schedulers().size() == 2
        && overview.schedulers().stream().allMatch(s -> s.liveHosts() >= 1)
        && overview.members().stream().allMatch(m -> m.status().equals("up"));
  }

  /** Puts an index whose entries point at the images tagged {@code tags}, by architecture. */
  private void putIndex(String tag, Map<String, String> tagsByArchitecture) throws Exception {
    List<Map<String, Object>> manifests = new ArrayList<>();
    for (Map.Entry<String, String> e : tagsByArchitecture.entrySet()) {
      HttpResponse<Void> head =
          http.send(
              HttpRequest.newBuilder(manifestUrl(e.getValue()))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .header("Accept", OCI_MANIFEST)
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      manifests.add(
          Map.of(
              "mediaType",
              OCI_MANIFEST,
              "digest",
              head.headers().firstValue("Docker-Content-Digest").orElseThrow(),
              "size",
              head.headers().firstValueAsLong("Content-Length").orElseThrow(),
              "platform",
              Map.of("os", "linux", "architecture", e.getKey())));
    }
    byte[] index =
        JSON.writeValueAsBytes(
            Map.of("schemaVersion", 2, "mediaType", OCI_INDEX, "manifests", manifests));
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(manifestUrl(tag))
                .header("Content-Type", OCI_INDEX)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(index))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, put.statusCode(), put.body());
  }

  private URI manifestUrl(String reference) {
    return registry.base().resolve("/v2/darner/app/manifests/" + reference);
  }

  private static List<TestImage.Blob> blobs(TestImage image) {
    List<TestImage.Blob> blobs = new ArrayList<>(image.layers());
    blobs.add(image.config());
    return blobs;
  }

  private static TestImage.Blob blob(TestImage image, String digest) {
    return blobs(image).stream().filter(b -> b.digest().equals(digest)).findFirst().orElseThrow();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<String> sorted(List<String> names) {
    return names.stream().sorted().toList();
  }
}
