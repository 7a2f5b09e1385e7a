package dev.darner.transfer.serve;

import dev.darner.task.TaskId;
import dev.darner.transfer.Crc32c;
import dev.darner.transfer.proto.Frame;
import dev.darner.transfer.proto.PieceError.Reason;
import dev.darner.transfer.proto.PieceRequest;
import dev.darner.transfer.wire.FrameException;
import dev.darner.transfer.wire.Frames;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one child's requests: a header and the piece bytes, or an error saying why not.
 *
 * <p>Each answer is decided when it is about to be sent, not when the request arrives: a child
 * pipelines requests on one connection, and a piece or an upload slot free now may not be free once
 * the answers before it have been sent.
 */
final class PieceResponder {

  private static final Logger log = LoggerFactory.getLogger(PieceResponder.class);

  private final LocalPieces pieces;
  private final UploadSlots slots;

  PieceResponder(LocalPieces pieces, UploadSlots slots) {
    this.pieces = pieces;
    this.slots = slots;
  }

  /**
   * Returns the bytes that answer {@code frame}.
   *
   * @throws FrameException when the frame is not a request, which ends the connection
   */
  Source<ByteString, NotUsed> answer(Frame frame) {
    if (!frame.hasRequest()) {
      throw new FrameException("child sent a " + frame.getKindCase() + " frame");
    }
    PieceRequest request = frame.getRequest();
    return Source.lazySource(() -> serve(request))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }

  private Source<ByteString, NotUsed> serve(PieceRequest request) {
    long id = request.getRequestId();
    int index = request.getPieceIndex();
    TaskId task;
    try {
      task = TaskId.of(request.getTaskId());
    } catch (IllegalArgumentException e) {
      return error(id, Reason.BAD_REQUEST, e.getMessage());
    }
    if (index < 0) {
      return error(id, Reason.BAD_REQUEST, "piece index " + Integer.toUnsignedString(index));
    }
    Optional<ServablePiece> piece = open(task, index);
    if (piece.isEmpty()) {
      return error(id, Reason.NOT_FOUND, "piece " + index + " of " + task.shortForm());
    }
    if (!slots.tryTake()) {
      return error(id, Reason.BUSY, "all upload slots in use");
    }
    ServablePiece servable = piece.get();
    log.debug(
        "Serving piece [{}] of [{}], {} bytes, crc32c {}",
        index,
        task.shortForm(),
        servable.length(),
        Crc32c.hex(servable.crc32c()));
    return Source.single(Frames.header(id, servable.length(), servable.crc32c()))
        .concat(servable.bytes().via(ExactLength.checking(servable.length())))
        .watchTermination(
            (ignored, done) -> {
              done.whenComplete((ok, failure) -> slots.release());
              return NotUsed.getInstance();
            });
  }

  private Optional<ServablePiece> open(TaskId task, int index) {
    try {
      return pieces.open(task, index);
    } catch (RuntimeException e) {
      log.warn("Piece store failed to open piece [{}] of [{}]", index, task.shortForm(), e);
      return Optional.empty();
    }
  }

  private static Source<ByteString, NotUsed> error(long id, Reason reason, String message) {
    return Source.single(Frames.error(id, reason, message));
  }
}
