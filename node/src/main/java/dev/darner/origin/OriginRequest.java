package dev.darner.origin;

import dev.darner.task.TaskIds;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpHeader;

/**
 * What to read from an origin: the URL and the client's headers to forward with it, such as {@code
 * Authorization}. The headers live only as long as the request; they are never stored or logged and
 * never take part in a task id.
 *
 * @param url an absolute http or https URL
 * @param headers the client's headers; those that must not travel to the origin are dropped on
 *     construction (see {@link ForwardedHeaders})
 */
public record OriginRequest(URI url, List<HttpHeader> headers) {

  /**
   * Creates a request, keeping only the headers that may be forwarded.
   *
   * @throws IllegalArgumentException naming the URL when it is not an absolute http(s) URL
   */
  public OriginRequest {
    Objects.requireNonNull(url, "url");
    TaskIds.parseHttpUrl(url.toString());
    headers = ForwardedHeaders.select(Objects.requireNonNull(headers, "headers"));
  }

  /** Returns a request for {@code url} without client headers. */
  public static OriginRequest of(URI url) {
    return new OriginRequest(url, List.of());
  }

  /** Returns the URL without query or user info and the header names only, never their values. */
  @Override
  public String toString() {
    String names = headers.stream().map(HttpHeader::name).collect(Collectors.joining(", "));
    return "OriginRequest[url=" + OriginException.redact(url) + ", headers=[" + names + "]]";
  }
}
