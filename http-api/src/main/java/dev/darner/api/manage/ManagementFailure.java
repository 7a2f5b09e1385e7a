package dev.darner.api.manage;

import java.util.Objects;

/**
 * Says why a management request was refused. {@link dev.darner.api.Failures} turns its {@link Kind}
 * into an HTTP status; the command line turns that status into an exit code.
 */
public final class ManagementFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kinds of refusal a caller can act on differently. */
  public enum Kind {
    /** The request is malformed, or names more than one thing. */
    BAD_REQUEST,
    /** No such task or member. */
    NOT_FOUND,
    /** The thing is in use and cannot be changed now. */
    CONFLICT,
    /** The request carries no bearer token, or a wrong one. */
    UNAUTHORIZED,
    /** The node takes no changes over the network: it listens beyond loopback without a token. */
    FORBIDDEN,
    /** The node is busy with as much of this work as it takes; trying again later may work. */
    TOO_MANY_REQUESTS
  }

  private final Kind kind;

  /** Creates a refusal of {@code kind} whose message is {@code message}. */
  public ManagementFailure(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** Returns the kind of this refusal. */
  public Kind kind() {
    return kind;
  }
}
