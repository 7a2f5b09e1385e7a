package dev.darner.origin;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an origin said about the content it served.
 *
 * @param url the URL that served the content, after redirects; it may hold credentials in its
 *     query, so do not log it
 * @param contentLength the length of the whole content, when the origin told it
 * @param acceptsRanges whether the origin serves byte ranges, so pieces can be fetched apart
 * @param contentType the media type, when the origin told it
 * @param etag the entity tag as sent, quotes included, when the origin sent one
 * @param lastModified the {@code Last-Modified} value as sent, when the origin sent one
 */
public record OriginResource(
    URI url,
    OptionalLong contentLength,
    boolean acceptsRanges,
    Optional<String> contentType,
    Optional<String> etag,
    Optional<String> lastModified) {

  /** Returns the URL without query or user info, and the other fields. */
  @Override
  public String toString() {
    return "OriginResource[url="
        + OriginException.redact(url)
        + ", contentLength="
        + contentLength
        + ", acceptsRanges="
        + acceptsRanges
        + ", contentType="
        + contentType
        + ", etag="
        + etag
        + ", lastModified="
        + lastModified
        + "]";
  }
}
