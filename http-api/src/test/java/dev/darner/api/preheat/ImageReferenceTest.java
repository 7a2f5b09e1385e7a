package dev.darner.api.preheat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  @ParameterizedTest
  @CsvSource({
    "alpine, docker.io, library/alpine, latest",
    "alpine:3.20, docker.io, library/alpine, 3.20",
    "bitnami/redis:7, docker.io, bitnami/redis, 7",
    "ghcr.io/org/app:1.0, ghcr.io, org/app, 1.0",
    "registry:5000/app:1.0, registry:5000, app, 1.0",
    "127.0.0.1:5000/darner/shared:v1, 127.0.0.1:5000, darner/shared, v1",
    "localhost/app, localhost, app, latest"
  })
  void parse_commonForms_splitsRegistryRepositoryAndTag(
      String text, String registry, String repository, String reference) {
    ImageReference image = ImageReference.parse(text);

    assertEquals(new ImageReference(registry, repository, reference), image);
  }

  @Test
  void parse_tagAndDigest_digestWins() {
    String digest = "sha256:" + "ab".repeat(32);

    ImageReference image = ImageReference.parse("ghcr.io/org/app:1.0@" + digest);

    assertEquals(digest, image.reference());
    assertTrue(image.byDigest());
    assertEquals("ghcr.io/org/app@" + digest, image.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "Upper/Case",
        "app:",
        "app:bad tag",
        "app@sha256:xyz",
        "ghcr.io/",
        "a//b"
      })
  void parse_malformed_refusedNamingTheReference(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text));

    assertTrue(
        e.getMessage().contains("image reference"), () -> "message names it: " + e.getMessage());
  }
}
