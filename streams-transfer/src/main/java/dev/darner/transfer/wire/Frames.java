package dev.darner.transfer.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.darner.task.TaskId;
import dev.darner.transfer.proto.Frame;
import dev.darner.transfer.proto.PieceError;
import dev.darner.transfer.proto.PieceHeader;
import dev.darner.transfer.proto.PieceRequest;
import java.nio.ByteOrder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/** Encodes frames as a 4-byte big-endian length and a Protobuf {@link Frame}, and decodes them. */
public final class Frames {

  /** The bytes of the length prefix. */
  public static final int PREFIX_BYTES = 4;

  /**
   * The largest frame accepted. Frames carry a few ids and numbers; anything larger is a peer that
   * does not speak this protocol, and is refused before it can make us buffer much.
   */
  public static final int MAX_FRAME_BYTES = 16 * 1024;

  private Frames() {}

  /** Returns the frame that asks for piece {@code index} of {@code task}. */
  public static ByteString request(long requestId, TaskId task, int index) {
    return encode(
        Frame.newBuilder()
            .setRequest(
                PieceRequest.newBuilder()
                    .setRequestId(requestId)
                    .setTaskId(task.hex())
                    .setPieceIndex(index))
            .build());
  }

  /** Returns the frame announcing that {@code length} piece bytes with {@code crc32c} follow. */
  public static ByteString header(long requestId, int length, int crc32c) {
    return encode(
        Frame.newBuilder()
            .setHeader(
                PieceHeader.newBuilder()
                    .setRequestId(requestId)
                    .setLength(length)
                    .setCrc32C(crc32c))
            .build());
  }

  /** Returns the frame that declines request {@code requestId} for {@code reason}. */
  public static ByteString error(long requestId, PieceError.Reason reason, String message) {
    return encode(
        Frame.newBuilder()
            .setError(
                PieceError.newBuilder()
                    .setRequestId(requestId)
                    .setReason(reason)
                    .setMessage(message))
            .build());
  }

  /** Returns {@code frame} with its length prefix. */
  public static ByteString encode(Frame frame) {
    byte[] body = frame.toByteArray();
    ByteStringBuilder builder = ByteString.newBuilder();
    builder.sizeHint(PREFIX_BYTES + body.length);
    builder.putInt(body.length, ByteOrder.BIG_ENDIAN);
    builder.putBytes(body);
    return builder.result();
  }

  /**
   * Returns a flow that cuts a byte stream holding only frames (what a child sends) into frames. It
   * fails the stream on a frame larger than {@link #MAX_FRAME_BYTES} or one that is not a {@link
   * Frame}.
   */
  public static Flow<ByteString, Frame, NotUsed> decoder() {
    return Framing.lengthField(
            PREFIX_BYTES, 0, PREFIX_BYTES + MAX_FRAME_BYTES, ByteOrder.BIG_ENDIAN)
        .map(framed -> parse(framed.drop(PREFIX_BYTES)));
  }

  /**
   * Returns the frame in {@code body}, the bytes after a length prefix.
   *
   * @throws FrameException when the bytes are not a frame
   */
  public static Frame parse(ByteString body) {
    try {
      return Frame.parseFrom(body.toArrayUnsafe());
    } catch (InvalidProtocolBufferException e) {
      throw new FrameException("malformed frame of " + body.size() + " bytes", e);
    }
  }
}
