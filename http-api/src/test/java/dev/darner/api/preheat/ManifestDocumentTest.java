package dev.darner.api.preheat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);
  private static final String D = "sha256:" + "d".repeat(64);

  private static final String INDEX =
      """
      {"schemaVersion": 2,
       "mediaType": "application/vnd.oci.image.index.v1+json",
       "manifests": [
         {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1,
          "platform": {"os": "linux", "architecture": "amd64"}},
         {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1,
          "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
         {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1,
          "platform": {"os": "unknown", "architecture": "unknown"}},
         {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1}
       ]}
      """
          .formatted(A, B, C, D);

  @Test
  void parse_ociIndex_selectsOnlyTheWantedPlatforms() {
    ManifestDocument.Index index = assertInstanceOf(ManifestDocument.Index.class, parse(INDEX));

    List<ManifestDocument.Entry> chosen =
        index.select(List.of(Platform.parse("linux/arm64"), Platform.parse("linux/s390x")));

    assertEquals(List.of(Digest.parse(B)), chosen.stream().map(e -> e.digest()).toList());
    assertEquals(
        List.of("linux/amd64", "linux/arm64/v8", "unknown/unknown", "unknown"), index.offered());
  }

  @Test
  void parse_dockerManifestList_readAsIndex() {
    String list =
        """
        {"schemaVersion": 2,
         "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
         "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "digest": "%s", "size": 7, "platform": {"architecture": "amd64", "os": "linux"}}]}
        """
            .formatted(A);

    ManifestDocument.Index index = assertInstanceOf(ManifestDocument.Index.class, parse(list));

    assertEquals(1, index.select(List.of(Platform.parse("linux/amd64"))).size());
  }

  @Test
  void parse_imageManifest_configAndLayersWithoutForeignOnes() {
    String manifest =
        """
        {"schemaVersion": 2,
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                    "digest": "%s", "size": 1469},
         "layers": [
           {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "digest": "%s", "size": 3000000},
           {"mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "digest": "%s", "size": 9, "urls": ["https://example.com/layer"]},
           {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "%s", "size": 5}
         ]}
        """
            .formatted(A, B, C, D);

    ManifestDocument.Image image = assertInstanceOf(ManifestDocument.Image.class, parse(manifest));

    assertEquals(Digest.parse(A), image.config().digest());
    assertEquals(1469, image.config().size());
    assertEquals(
        List.of(Digest.parse(B), Digest.parse(D)),
        image.layers().stream().map(ManifestDocument.Blob::digest).toList());
    assertEquals(1, image.foreignLayers());
  }

  @Test
  void parse_schema1_refusedWithAdvice() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("{\"schemaVersion\": 1, \"fsLayers\": [], \"name\": \"x\"}"));

    assertTrue(e.getMessage().contains("schema 1"));
  }

  @Test
  void parse_notJsonOrNoManifest_refused() {
    assertThrows(IllegalArgumentException.class, () -> parse("<html>"));
    assertThrows(IllegalArgumentException.class, () -> parse("{\"errors\": []}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> parse("{\"config\": {\"digest\": \"md5:x\", \"size\": 1}, \"layers\": []}"));
  }

  private static ManifestDocument parse(String json) {
    return ManifestDocument.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
