package dev.darner.api.preheat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.task.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A manifest or an index as a registry served it, read for what a preheat needs: an index's entries
 * with their platforms, or an image manifest's config and layers. Both the OCI media types and
 * Docker's schema 2 ones are read; Docker's schema 1 is refused.
 */
sealed interface ManifestDocument permits ManifestDocument.Index, ManifestDocument.Image {

  /** The media types a preheat asks a registry for, in order of preference. */
  String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  /** A blob an image manifest names. */
  record Blob(Digest digest, long size, String mediaType) {}

  /** One manifest an index lists, with the platform it is for when the index says. */
  record Entry(Digest digest, Optional<Platform> platform) {}

  /** An OCI image index or a Docker manifest list. */
  record Index(List<Entry> entries) implements ManifestDocument {

    /** Returns the entries for any of {@code wanted}, in the index's order. */
    List<Entry> select(List<Platform> wanted) {
      return entries.stream()
          .filter(e -> e.platform().isPresent())
          .filter(e -> wanted.stream().anyMatch(w -> w.matches(e.platform().get())))
          .toList();
    }

    /** Returns the platforms the index offers, for a message that none matched. */
    List<String> offered() {
      return entries.stream()
          .map(e -> e.platform().map(Platform::toString).orElse("unknown"))
          .distinct()
          .toList();
    }
  }

  /**
   * An image manifest.
   *
   * @param config the image's config blob
   * @param layers the layers that can be fetched from the registry, in order
   * @param foreignLayers how many layers the manifest says live elsewhere ({@code urls}), which a
   *     registry does not serve and a preheat leaves out
   */
  record Image(Blob config, List<Blob> layers, int foreignLayers) implements ManifestDocument {}

  /**
   * Returns the document in {@code body}.
   *
   * @throws IllegalArgumentException saying what is wrong when it is not a manifest or an index
   */
  static ManifestDocument parse(byte[] body) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the manifest is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("the manifest cannot be read: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the manifest is not a JSON object");
    }
    if (json.has("manifests")) {
      return index(json.get("manifests"));
    }
    if (json.has("layers") && json.has("config")) {
      return image(json);
    }
    if (json.has("fsLayers")) {
      throw new IllegalArgumentException(
          "the manifest is Docker schema 1, which preheat does not read; push the image again"
              + " with a current client");
    }
    throw new IllegalArgumentException("the document is neither an image manifest nor an index");
  }

  private static Index index(JsonNode manifests) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode m : manifests) {
      JsonNode p = m.get("platform");
      Optional<Platform> platform =
          p == null || !p.hasNonNull("os") || !p.hasNonNull("architecture")
              ? Optional.empty()
              : Optional.of(
                  new Platform(
                      p.get("os").asText(),
                      p.get("architecture").asText(),
                      p.path("variant").asText("")));
      entries.add(new Entry(digest(m), platform));
    }
    return new Index(List.copyOf(entries));
  }

  private static Image image(JsonNode json) {
    Blob config = blob(json.get("config"));
    List<Blob> layers = new ArrayList<>();
    int foreign = 0;
    for (JsonNode layer : json.get("layers")) {
      if (layer.has("urls")) {
        foreign++;
      } else {
        layers.add(blob(layer));
      }
    }
    return new Image(config, List.copyOf(layers), foreign);
  }

  private static Blob blob(JsonNode descriptor) {
    if (!descriptor.path("size").canConvertToLong()) {
      throw new IllegalArgumentException("a descriptor has no size: " + descriptor);
    }
    return new Blob(
        digest(descriptor), descriptor.get("size").asLong(), descriptor.path("mediaType").asText());
  }

  private static Digest digest(JsonNode descriptor) {
    String text = descriptor.path("digest").asText("");
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a descriptor has a digest preheat cannot use: " + text);
    }
  }

  /** The mapper the documents are read with. */
  final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
  }
}
