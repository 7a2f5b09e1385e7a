package dev.darner.transfer.fetch;

import dev.darner.task.HostId;
import dev.darner.transfer.Crc32c;
import dev.darner.transfer.VerifiedPiece;
import dev.darner.transfer.fetch.ParentFailure.Kind;
import dev.darner.transfer.proto.PieceError;
import dev.darner.transfer.proto.PieceHeader;
import dev.darner.transfer.wire.FrameException;
import dev.darner.transfer.wire.ResponseDecoder;
import java.util.ArrayDeque;
import java.util.zip.CRC32C;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Matches a parent's answers to the requests sent on one connection, in order, and completes each
 * request's future: with the piece once its length and CRC32C are checked, or with the failure.
 *
 * <p>A piece whose header already disagrees with what the child expects is still read to its end,
 * without being kept, so that the answers after it are found; the connection stays usable. Not
 * thread-safe: it belongs to one connection's stage.
 */
final class AnswerMatcher implements ResponseDecoder.Listener {

  private final HostId parent;
  private final ArrayDeque<PendingFetch> inFlight = new ArrayDeque<>();
  private final CRC32C crc = new CRC32C();
  private ByteStringBuilder body;
  private String mismatch;

  AnswerMatcher(HostId parent) {
    this.parent = parent;
  }

  /** Records that {@code fetch} was sent, so that the next unmatched answer is its. */
  void sent(PendingFetch fetch) {
    inFlight.add(fetch);
  }

  /** Returns whether every request sent has been answered. */
  boolean allAnswered() {
    return inFlight.isEmpty();
  }

  /** Fails every request not yet answered with a failure of {@code kind}. */
  void failAll(Kind kind, String message, Throwable cause) {
    while (!inFlight.isEmpty()) {
      inFlight
          .poll()
          .result()
          .completeExceptionally(new ParentFailure(parent, kind, message, cause));
    }
    body = null;
  }

  @Override
  public void onHeader(PieceHeader received) {
    ExpectedPiece expected = next(received.getRequestId()).expected();
    body = ByteString.newBuilder();
    crc.reset();
    long length = Integer.toUnsignedLong(received.getLength());
    if (length != expected.length()) {
      mismatch = "announced " + length + " bytes, expected " + expected.length();
    } else if (received.getCrc32C() != expected.crc32c()) {
      mismatch =
          "announced crc32c "
              + Crc32c.hex(received.getCrc32C())
              + ", expected "
              + Crc32c.hex(expected.crc32c());
    } else {
      mismatch = null;
    }
  }

  @Override
  public void onBody(ByteString chunk) {
    if (mismatch == null) {
      body.append(chunk);
      Crc32c.update(crc, chunk);
    }
  }

  @Override
  public void onBodyEnd() {
    PendingFetch fetch = inFlight.poll();
    ExpectedPiece expected = fetch.expected();
    int actual = (int) crc.getValue();
    if (mismatch == null && actual != expected.crc32c()) {
      mismatch =
          "bytes have crc32c " + Crc32c.hex(actual) + ", expected " + Crc32c.hex(expected.crc32c());
    }
    if (mismatch == null) {
      fetch
          .result()
          .complete(new VerifiedPiece(expected.task(), expected.index(), actual, body.result()));
    } else {
      fetch
          .result()
          .completeExceptionally(
              new ParentFailure(parent, Kind.CORRUPT, "piece " + expected + " " + mismatch));
    }
    body = null;
    mismatch = null;
  }

  @Override
  public void onError(PieceError error) {
    PendingFetch fetch = next(error.getRequestId());
    inFlight.poll();
    Kind kind = error.getReason() == PieceError.Reason.BUSY ? Kind.BUSY : Kind.NOT_FOUND;
    fetch
        .result()
        .completeExceptionally(
            new ParentFailure(
                parent,
                kind,
                "piece " + fetch.expected() + ": " + error.getReason() + " " + error.getMessage()));
  }

  private PendingFetch next(long answeredId) {
    PendingFetch fetch = inFlight.peek();
    if (fetch == null) {
      throw new FrameException("answer to request " + answeredId + " that was never sent");
    }
    if (fetch.requestId() != answeredId) {
      throw new FrameException(
          "answer to request " + answeredId + " where " + fetch.requestId() + " was next");
    }
    return fetch;
  }
}
