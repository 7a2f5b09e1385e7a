package dev.darner.api;

import dev.darner.task.Digest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;

/**
 * What a client asks for: the origin URL, the content digest when the client knows it, the headers
 * to forward to the origin (credentials among them, which never reach a task id or the disk), and
 * what separates tasks at the same URL.
 *
 * @param url the origin URL, absolute http or https
 * @param digest the expected SHA-256 of the whole content, if known
 * @param originHeaders headers to forward to the origin
 * @param tag a label that separates two tasks at the same URL; empty for none
 * @param ignoredQueryParameters query parameters that do not change the content
 */
public record DownloadRequest(
    String url,
    Optional<Digest> digest,
    List<HttpHeader> originHeaders,
    String tag,
    List<String> ignoredQueryParameters) {

  public DownloadRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(digest, "digest");
    originHeaders = List.copyOf(originHeaders);
    Objects.requireNonNull(tag, "tag");
    ignoredQueryParameters = List.copyOf(ignoredQueryParameters);
  }
}
