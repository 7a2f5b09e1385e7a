package dev.darner.api;

import java.util.Objects;

/**
 * Says why a download was refused or failed, in words a person understands. The HTTP edge turns its
 * {@link Kind} into a status; the command line turns it into an exit code.
 */
public final class DownloadFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kinds of failure a client can act on differently. */
  public enum Kind {
    /** The request itself is wrong: a malformed URL, a bad digest. */
    BAD_REQUEST,
    /** The node does this for nobody: an upstream registry not allowed, a client not served. */
    FORBIDDEN,
    /** The origin has no such content. */
    NOT_FOUND,
    /** The origin refused the request (a 4xx other than 404). */
    ORIGIN_REFUSED,
    /** The origin failed or could not be reached, after retries. */
    ORIGIN_UNAVAILABLE,
    /** The origin did not answer in time. */
    ORIGIN_TIMEOUT,
    /** The content does not match the digest it should have. */
    DIGEST_MISMATCH,
    /** The requested range lies outside the content. */
    RANGE_NOT_SATISFIABLE,
    /** The node's store has no room for the content. */
    STORAGE_FULL,
    /** Anything else: a fault of the node. */
    INTERNAL
  }

  private final Kind kind;

  /** Creates a failure of {@code kind} whose message is {@code message}. */
  public DownloadFailure(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * Creates a failure of {@code kind} whose message is {@code message}, caused by {@code cause}.
   */
  public DownloadFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** Returns the kind of this failure. */
  public Kind kind() {
    return kind;
  }
}
