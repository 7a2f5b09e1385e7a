package dev.darner.transfer.fetch;

import dev.darner.task.HostId;
import java.util.Objects;

/**
 * Why a parent did not deliver a piece. A fetch from {@link PieceClient} fails with this exception
 * only; {@link #kind()} tells the node what to do next.
 */
public final class ParentFailure extends RuntimeException {

  /** What went wrong, from the child's point of view. */
  public enum Kind {
    /** No connection could be opened (refused, timed out, TLS handshake refused). */
    UNREACHABLE(true),
    /** The parent answered that it does not hold the piece verified. */
    NOT_FOUND(false),
    /** The parent answered that all its upload slots are in use. */
    BUSY(false),
    /** The parent sent bytes that do not match the piece's length or CRC32C, or broke framing. */
    CORRUPT(true),
    /** The parent sent nothing for the stall timeout while a request was outstanding. */
    STALLED(true),
    /** The connection closed or failed before the answer was complete. */
    CLOSED(true);

    private final boolean parentAtFault;

    Kind(boolean parentAtFault) {
      this.parentAtFault = parentAtFault;
    }

    /**
     * Returns whether the parent failed, so that it is to be reported and replaced; false for a
     * parent that answered correctly that it cannot help with this piece now.
     */
    public boolean parentAtFault() {
      return parentAtFault;
    }
  }

  private final HostId parent;
  private final Kind kind;

  /** Creates the failure of {@code parent} of {@code kind}, explained by {@code message}. */
  public ParentFailure(HostId parent, Kind kind, String message) {
    this(parent, kind, message, null);
  }

  /** Creates the failure of {@code parent} of {@code kind}, caused by {@code cause}. */
  public ParentFailure(HostId parent, Kind kind, String message, Throwable cause) {
    super(kind + " from parent " + parent + ": " + message, cause, false, false);
    this.parent = Objects.requireNonNull(parent, "parent");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** Returns the parent that failed. */
  public HostId parent() {
    return parent;
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }
}
