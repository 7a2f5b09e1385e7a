package dev.darner.transfer.wire;

import dev.darner.transfer.proto.Frame;
import dev.darner.transfer.proto.PieceError;
import dev.darner.transfer.proto.PieceHeader;
import java.nio.ByteOrder;
import org.apache.pekko.util.ByteString;

/**
 * Decodes what a parent sends, chunk by chunk as it arrives off the socket, into headers, piece
 * bytes and errors. Piece bytes are passed on as slices of the received chunks, never copied.
 *
 * <p>Not thread-safe: one decoder belongs to one connection's stage.
 */
public final class ResponseDecoder {

  /** Receives what the decoder finds, in the order it was sent. */
  public interface Listener {

    /** Receives a piece header; {@link PieceHeader#getLength()} bytes of the piece follow. */
    void onHeader(PieceHeader header);

    /** Receives the next bytes of the piece announced by the last header. */
    void onBody(ByteString chunk);

    /** Learns that the last byte of the piece announced by the last header has arrived. */
    void onBodyEnd();

    /** Receives an error answering one request. */
    void onError(PieceError error);
  }

  private ByteString frameBytes = ByteString.emptyByteString();
  private long bodyRemaining;

  /**
   * Decodes {@code chunk}, telling {@code listener} of every header, piece chunk and error in it.
   *
   * @throws FrameException when the parent broke the framing; the connection is then unusable
   */
  public void feed(ByteString chunk, Listener listener) {
    ByteString rest = chunk;
    while (!rest.isEmpty()) {
      if (bodyRemaining > 0) {
        rest = feedBody(rest, listener);
      } else {
        frameBytes = frameBytes.concat(rest);
        rest = nextFrame(listener);
      }
    }
  }

  /** Returns whether the decoder is between answers, with no partial frame or piece buffered. */
  public boolean isIdle() {
    return bodyRemaining == 0 && frameBytes.isEmpty();
  }

  private ByteString feedBody(ByteString bytes, Listener listener) {
    int taken = (int) Math.min(bodyRemaining, bytes.size());
    listener.onBody(taken == bytes.size() ? bytes : bytes.take(taken));
    bodyRemaining -= taken;
    if (bodyRemaining == 0) {
      listener.onBodyEnd();
    }
    return bytes.drop(taken);
  }

  /** Decodes one frame from the buffered bytes if whole, and returns the bytes after it. */
  private ByteString nextFrame(Listener listener) {
    if (frameBytes.size() < Frames.PREFIX_BYTES) {
      return ByteString.emptyByteString();
    }
    int length = frameBytes.iterator().getInt(ByteOrder.BIG_ENDIAN);
    if (length < 0 || length > Frames.MAX_FRAME_BYTES) {
      throw new FrameException("frame length " + length + " outside 0.." + Frames.MAX_FRAME_BYTES);
    }
    int end = Frames.PREFIX_BYTES + length;
    if (frameBytes.size() < end) {
      return ByteString.emptyByteString();
    }
    Frame frame = Frames.parse(frameBytes.slice(Frames.PREFIX_BYTES, end));
    ByteString after = frameBytes.drop(end);
    frameBytes = ByteString.emptyByteString();
    switch (frame.getKindCase()) {
      case HEADER -> {
        listener.onHeader(frame.getHeader());
        bodyRemaining = Integer.toUnsignedLong(frame.getHeader().getLength());
        if (bodyRemaining == 0) {
          listener.onBodyEnd();
        }
      }
      case ERROR -> listener.onError(frame.getError());
      default -> throw new FrameException("parent sent a " + frame.getKindCase() + " frame");
    }
    return after;
  }
}
