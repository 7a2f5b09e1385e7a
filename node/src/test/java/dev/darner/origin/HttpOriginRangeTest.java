package dev.darner.origin;

import static dev.darner.origin.OriginTesting.await;
import static dev.darner.origin.OriginTesting.readBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpOriginRangeTest {

  private static final int SIZE = 3 * 1024 * 1024 + 17;

  private ActorTestKit testKit;
  private TestOrigin origin;
  private HttpOrigin client;

  @BeforeAll
  void start() {
    testKit = OriginTesting.testKit("HttpOriginRangeTest");
    origin = TestOrigin.start();
    client = HttpOrigin.create(testKit.system(), OriginTesting.fastSettings());
  }

  @AfterAll
  void stop() throws Exception {
    origin.close();
    OriginTesting.shutDown(testKit);
  }

  @Test
  void open_rangeInsideContent_returnsExactBytesAndTotalLength() throws Exception {
    TestOrigin.Resource blob = origin.serve("/range", TestContent.random(SIZE, 1));

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 1_000_003, 65_536));
    byte[] body = readBody(response, testKit.system());

    assertEquals(1_000_003, response.offset());
    assertEquals(OptionalLong.of(SIZE), response.resource().contentLength());
    assertTrue(response.resource().acceptsRanges());
    assertArrayEquals(blob.content().bytes(1_000_003, 65_536), body);
    assertEquals(Optional.of("bytes=1000003-1065538"), blob.lastRequest().get().header("Range"));
  }

  @Test
  void open_wholeContent_sendsNoRangeAndReportsMetadata() throws Exception {
    TestOrigin.Resource blob = origin.serve("/whole", TestContent.random(SIZE, 2));

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 0, -1));
    byte[] body = readBody(response, testKit.system());

    assertEquals(0, response.offset());
    assertEquals(OptionalLong.of(SIZE), response.resource().contentLength());
    assertTrue(response.resource().acceptsRanges());
    assertEquals(Optional.of("application/octet-stream"), response.resource().contentType());
    assertTrue(response.resource().etag().isPresent());
    assertTrue(response.resource().lastModified().isPresent());
    assertArrayEquals(blob.content().bytes(), body);
    assertEquals(Optional.empty(), blob.lastRequest().get().header("Range"));
  }

  @Test
  void open_openEndedRange_returnsTail() throws Exception {
    TestOrigin.Resource blob = origin.serve("/tail", TestContent.random(SIZE, 3));

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), SIZE - 1000, -1));
    byte[] body = readBody(response, testKit.system());

    assertEquals(SIZE - 1000, response.offset());
    assertArrayEquals(blob.content().bytes(SIZE - 1000, 1000), body);
  }

  @Test
  void open_rangePastEnd_returnsBytesUpToEnd() throws Exception {
    TestOrigin.Resource blob = origin.serve("/short", TestContent.random(5000, 4));

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 4000, 4096));
    byte[] body = readBody(response, testKit.system());

    assertArrayEquals(blob.content().bytes(4000, 1000), body);
  }

  @Test
  void open_offsetAtEnd_returnsEmptyBody() throws Exception {
    TestOrigin.Resource blob = origin.serve("/end", TestContent.random(5000, 5));

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 5000, 100));
    byte[] body = readBody(response, testKit.system());

    assertEquals(5000, response.offset());
    assertEquals(OptionalLong.of(5000), response.resource().contentLength());
    assertEquals(0, body.length);
  }

  @Test
  void open_offsetBeyondEnd_failsClientError416() {
    TestOrigin.Resource blob = origin.serve("/beyond", TestContent.random(5000, 6));

    OriginException failure =
        OriginTesting.failureOf(client.open(OriginRequest.of(blob.url()), 6000, 100));

    assertEquals(OriginException.Kind.CLIENT_ERROR, failure.kind());
    assertEquals(416, failure.status().getAsInt());
    assertFalse(failure.isTransient());
  }

  @Test
  void open_originIgnoresRanges_returnsWholeContentFromOffsetZero() throws Exception {
    TestOrigin.Resource blob =
        origin.serve("/noranges", TestContent.random(200_000, 7)).rangesSupported(false);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 50_000, 1000));
    byte[] body = readBody(response, testKit.system());

    assertEquals(0, response.offset());
    assertFalse(response.resource().acceptsRanges());
    assertEquals(OptionalLong.of(200_000), response.resource().contentLength());
    assertArrayEquals(blob.content().bytes(), body);
  }

  @Test
  void open_chunkedWholeContent_returnsUnknownLengthAndAllBytes() throws Exception {
    TestOrigin.Resource blob =
        origin
            .serve("/chunked", TestContent.random(1_000_000, 8))
            .chunked(true)
            .rangesSupported(false);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 0, -1));
    byte[] body = readBody(response, testKit.system());

    assertEquals(OptionalLong.empty(), response.resource().contentLength());
    assertFalse(response.resource().acceptsRanges());
    assertArrayEquals(blob.content().bytes(), body);
  }

  @Test
  void open_manyRangesAtOnce_eachReturnsItsBytes() throws Exception {
    TestOrigin.Resource blob = origin.serve("/parallel", TestContent.random(SIZE, 9));
    int pieceSize = 256 * 1024;
    List<CompletionStage<OriginResponse>> opened = new ArrayList<>();

    for (long offset = 0; offset < SIZE; offset += pieceSize) {
      opened.add(client.open(OriginRequest.of(blob.url()), offset, pieceSize));
    }

    for (CompletionStage<OriginResponse> stage : opened) {
      OriginResponse response = await(stage);
      int length = (int) Math.min(pieceSize, SIZE - response.offset());
      byte[] body = readBody(response, testKit.system());
      assertArrayEquals(blob.content().bytes(response.offset(), length), body);
    }
  }

  @Test
  void open_cancelledBody_leavesClientUsable() throws Exception {
    TestOrigin.Resource blob = origin.serve("/cancel", TestContent.random(SIZE, 10));
    OriginResponse abandoned = await(client.open(OriginRequest.of(blob.url()), 0, -1));
    abandoned.body().runWith(org.apache.pekko.stream.javadsl.Sink.cancelled(), testKit.system());

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 10, 10));

    assertArrayEquals(blob.content().bytes(10, 10), readBody(response, testKit.system()));
  }

  @Test
  void open_negativeOffset_isRefused() {
    TestOrigin.Resource blob = origin.serve("/refused", TestContent.random(10, 11));

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () -> client.open(OriginRequest.of(blob.url()), -1, 10));

    assertTrue(thrown.getMessage().contains("-1"));
  }
}
