package dev.darner.api.preheat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /api/v1/preheat}. Fields a type does not use are left out or null.
 *
 * <pre>{@code
 * {"type": "image", "ref": "registry.example.com/app:1.0", "platforms": ["linux/amd64"]}
 * {"type": "file", "url": "https://example.com/model.bin", "digest": "sha256:..."}
 * }</pre>
 *
 * @param type {@code image} or {@code file}
 * @param ref the image reference, for an image
 * @param platforms the platforms whose blobs to preheat, for an image; none for the default
 * @param url the file's URL, for a file
 * @param digest the file's SHA-256, optional; with it the task is the one a download with the same
 *     digest asks for
 * @param tag a tag that separates tasks at one URL, as the download API takes it; optional
 * @param filter query parameters left out of the task id, as the download API takes them
 * @param headers headers for the origin, such as a registry's {@code Authorization}: used by this
 *     node (to read manifests) and never stored or sent to other nodes
 */
public record PreheatRequest(
    String type,
    String ref,
    List<String> platforms,
    String url,
    String digest,
    String tag,
    List<String> filter,
    Map<String, String> headers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Returns the request written as {@code json}.
   *
   * @throws IllegalArgumentException saying what is wrong, naming an unknown field
   */
  public static PreheatRequest parse(String json) {
    try {
      PreheatRequest request = JSON.readValue(json, PreheatRequest.class);
      if (request == null) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      return request;
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          "unknown field '"
              + e.getPropertyName()
              + "'; a preheat takes type, ref, platforms, url, digest, tag, filter and headers");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the body is not a preheat request: " + e.getOriginalMessage());
    }
  }
}
