package dev.darner.transfer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.TaskId;
import dev.darner.transfer.proto.PieceError;
import dev.darner.transfer.proto.PieceHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {

  private static final ByteString PIECE =
      ByteString.fromString("piece bytes", StandardCharsets.UTF_8);

  private static final ByteString STREAM =
      Frames.header(1, PIECE.size(), 7)
          .concat(PIECE)
          .concat(Frames.error(2, PieceError.Reason.BUSY, "busy"))
          .concat(Frames.header(3, 0, 0))
          .concat(Frames.header(4, PIECE.size(), 7))
          .concat(PIECE);

  @Test
  void feed_anySplitOfTheStream_findsTheSameAnswers() {
    List<String> whole = decode(List.of(STREAM));

    for (int split = 1; split < STREAM.size(); split++) {
      List<String> events = decode(List.of(STREAM.take(split), STREAM.drop(split)));

      assertEquals(whole, events, "split at " + split);
    }
    assertEquals(
        List.of(
            "header 1",
            "body piece bytes",
            "end",
            "error 2 BUSY",
            "header 3",
            "end",
            "header 4",
            "body piece bytes",
            "end"),
        whole);
  }

  @Test
  void feed_oneByteAtATime_isIdleAtTheEnd() {
    ResponseDecoder decoder = new ResponseDecoder();
    Recorder recorder = new Recorder();

    for (int i = 0; i < STREAM.size(); i++) {
      decoder.feed(STREAM.slice(i, i + 1), recorder);
    }

    assertTrue(decoder.isIdle());
  }

  @Test
  void feed_requestFrame_isRefused() {
    ByteString request = Frames.request(1, TaskId.of("c".repeat(64)), 0);

    assertThrows(FrameException.class, () -> new ResponseDecoder().feed(request, new Recorder()));
  }

  @Test
  void feed_hugeFrameLength_isRefused() {
    ByteString garbage = ByteString.fromArray(new byte[] {0x7f, 0, 0, 0, 1});

    assertThrows(FrameException.class, () -> new ResponseDecoder().feed(garbage, new Recorder()));
  }

  private static List<String> decode(List<ByteString> chunks) {
    ResponseDecoder decoder = new ResponseDecoder();
    Recorder recorder = new Recorder();
    chunks.forEach(chunk -> decoder.feed(chunk, recorder));
    return recorder.merged();
  }

  /** Records events, merging consecutive body chunks so that splits do not show. */
  private static final class Recorder implements ResponseDecoder.Listener {
    private final List<String> events = new ArrayList<>();
    private ByteString body = ByteString.emptyByteString();

    @Override
    public void onHeader(PieceHeader header) {
      events.add("header " + header.getRequestId());
    }

    @Override
    public void onBody(ByteString chunk) {
      body = body.concat(chunk);
    }

    @Override
    public void onBodyEnd() {
      if (!body.isEmpty()) {
        events.add("body " + body.utf8String());
        body = ByteString.emptyByteString();
      }
      events.add("end");
    }

    @Override
    public void onError(PieceError error) {
      events.add("error " + error.getRequestId() + " " + error.getReason());
    }

    List<String> merged() {
      return events;
    }
  }
}
