package dev.darner.origin;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Says why back-to-source failed: the kind of failure, the HTTP status when there was one, the URL
 * that failed (after any redirects), and whether trying again later may succeed.
 *
 * <p>The message is one line that names the URL without its query string and user info, which may
 * carry credentials, so it is safe to log.
 */
public final class OriginException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** The origin answered 404 or 410. */
    NOT_FOUND,
    /** The origin answered another 4xx status; 408 and 429 are transient. */
    CLIENT_ERROR,
    /** The origin answered a 5xx status; 500, 502, 503 and 504 are transient. */
    SERVER_ERROR,
    /** The origin did not connect, answer or send body bytes in time. */
    TIMEOUT,
    /** The origin could not be reached: unknown host, refused or reset connection. */
    UNREACHABLE,
    /** The body ended or failed before all the promised bytes arrived. */
    TRUNCATED,
    /** The origin redirected more often than allowed, or in a loop. */
    TOO_MANY_REDIRECTS,
    /** The origin answered something that cannot be used, such as a range that was not asked. */
    BAD_RESPONSE
  }

  private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  private final Kind kind;
  private final int status;
  private final URI url;
  private final boolean transientFailure;
  private final transient Duration retryAfter;

  private OriginException(
      Kind kind,
      int status,
      URI url,
      boolean transientFailure,
      Duration retryAfter,
      String detail,
      Throwable cause) {
    super("Back-to-source from " + redact(url) + " failed: " + detail, cause);
    this.kind = kind;
    this.status = status;
    this.url = url;
    this.transientFailure = transientFailure;
    this.retryAfter = retryAfter;
  }

  static OriginException forStatus(
      URI url, int status, String reason, Optional<Duration> retryAfter) {
    Kind kind;
    if (status == 404 || status == 410) {
      kind = Kind.NOT_FOUND;
    } else if (status >= 400 && status < 500) {
      kind = Kind.CLIENT_ERROR;
    } else if (status >= 500 && status < 600) {
      kind = Kind.SERVER_ERROR;
    } else {
      kind = Kind.BAD_RESPONSE;
    }
    String detail = (status + " " + reason).trim();
    boolean transientFailure = TRANSIENT_STATUSES.contains(status);
    return new OriginException(
        kind, status, url, transientFailure, retryAfter.orElse(null), detail, null);
  }

  static OriginException unreachable(URI url, String why, Throwable cause) {
    return new OriginException(Kind.UNREACHABLE, -1, url, true, null, why, cause);
  }

  static OriginException timeout(URI url, String why, Throwable cause) {
    return new OriginException(Kind.TIMEOUT, -1, url, true, null, why, cause);
  }

  static OriginException truncated(URI url, long received, long expected, Throwable cause) {
    String detail =
        expected < 0
            ? "the body broke off after " + received + " bytes"
            : "the body ended after " + received + " of " + expected + " bytes";
    if (cause != null && cause.getMessage() != null) {
      detail = detail + " (" + cause.getMessage() + ")";
    }
    return new OriginException(Kind.TRUNCATED, -1, url, true, null, detail, cause);
  }

  static OriginException tooManyRedirects(URI url, int maxRedirects) {
    return new OriginException(
        Kind.TOO_MANY_REDIRECTS,
        -1,
        url,
        false,
        null,
        "more than " + maxRedirects + " redirects",
        null);
  }

  static OriginException badResponse(URI url, int status, String why) {
    return new OriginException(Kind.BAD_RESPONSE, status, url, false, null, why, null);
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Returns the HTTP status the origin answered, if it answered one that matters here. */
  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** Returns the URL that failed, after redirects; it may hold credentials, so do not log it. */
  public URI url() {
    return url;
  }

  /** Returns whether the same request may succeed when tried again later. */
  public boolean isTransient() {
    return transientFailure;
  }

  /** Returns how long the origin asked to wait before trying again, if it said. */
  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Returns {@code url} as scheme, host, port and path only: query strings of pre-signed URLs and
   * user info carry credentials that must not reach logs or messages.
   */
  static String redact(URI url) {
    StringBuilder text = new StringBuilder();
    text.append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() != -1) {
      text.append(':').append(url.getPort());
    }
    String path = url.getRawPath();
    text.append(path == null || path.isEmpty() ? "/" : path);
    return text.toString();
  }
}
