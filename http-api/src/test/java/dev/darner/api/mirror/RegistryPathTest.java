package dev.darner.api.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.api.DownloadFailure;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryPathTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void parse_blobOfNestedRepository_blobWithNameAndDigest() {
    RegistryPath path = RegistryPath.parse("/v2/library/team/app/blobs/" + DIGEST).orElseThrow();

    assertEquals(new RegistryPath(RegistryPath.Kind.BLOB, "library/team/app", DIGEST), path);
  }

  @Test
  void parse_manifestByTagOrDigest_tellsWhich() {
    RegistryPath byTag = RegistryPath.parse("/v2/app/manifests/v1.2").orElseThrow();
    RegistryPath byDigest = RegistryPath.parse("/v2/app/manifests/" + DIGEST).orElseThrow();

    assertFalse(byTag.byDigest());
    assertTrue(byDigest.byDigest());
  }

  @Test
  void parse_baseTagListAndUploads_baseOrOther() {
    assertEquals(RegistryPath.Kind.BASE, RegistryPath.parse("/v2/").orElseThrow().kind());
    assertEquals(
        "/v2/app/tags/list", RegistryPath.parse("/v2/app/tags/list").orElseThrow().upstreamPath());
    assertEquals(
        RegistryPath.Kind.OTHER, RegistryPath.parse("/v2/app/blobs/uploads/").orElseThrow().kind());
  }

  @Test
  void parse_invalidName_empty() {
    assertTrue(RegistryPath.parse("/v2/App/blobs/" + DIGEST).isEmpty());
    assertTrue(RegistryPath.parse("/v2/../etc/manifests/x").isEmpty());
  }

  @Test
  void resolve_registryNotAllowed_forbiddenNamingIt() {
    Registries registries =
        new Registries(
            new MirrorSettings(
                Map.of("ghcr.io", URI.create("https://ghcr.io")), "", Duration.ofSeconds(1), 1, 1));

    DownloadFailure refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            DownloadFailure.class, () -> registries.resolve(Optional.of("evil.example")));

    assertEquals(DownloadFailure.Kind.FORBIDDEN, refused.kind());
    assertTrue(refused.getMessage().contains("evil.example"));
    assertEquals(URI.create("https://ghcr.io"), registries.resolve(Optional.of("ghcr.io")));
  }
}
