package dev.darner.transfer.wire;

/** Thrown when a peer sends bytes that break the framing of the piece protocol. */
public final class FrameException extends RuntimeException {

  /** Creates the exception with {@code message} saying what was wrong. */
  public FrameException(String message) {
    super(message);
  }

  /** Creates the exception with {@code message} and the {@code cause} found while decoding. */
  public FrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
