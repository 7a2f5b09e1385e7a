package dev.darner.download;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.api.DownloadRequest;
import dev.darner.task.Digest;
import java.util.List;
import java.util.Optional;

/**
 * What a seed needs to fetch a task for the peers of its AZ: the URL, the digest, the tag and the
 * ignored query parameters, as the opaque text the coordinator carries to the seed. Headers, and so
 * credentials, are never part of it: they must not travel through the cluster.
 */
record SeedRequest(String url, String digest, String tag, List<String> filter) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Returns the seed request of {@code request}. */
  static SeedRequest of(DownloadRequest request) {
    return new SeedRequest(
        request.url(),
        request.digest().map(Digest::toString).orElse(""),
        request.tag(),
        request.ignoredQueryParameters());
  }

  /** Returns the text the coordinator carries. */
  String encode() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a SeedRequest always serialises", e);
    }
  }

  /**
   * Returns the seed request written as {@code text}.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  static SeedRequest decode(String text) {
    try {
      return JSON.readValue(text, SeedRequest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a seed request: " + e.getOriginalMessage());
    }
  }

  /** Returns the download request a seed makes of it, with no headers. */
  DownloadRequest toDownloadRequest() {
    return new DownloadRequest(
        url,
        digest.isEmpty() ? Optional.empty() : Optional.of(Digest.parse(digest)),
        List.of(),
        tag,
        filter);
  }
}
