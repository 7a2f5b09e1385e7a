package dev.darner.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestOriginTest {

  private TestOrigin origin;
  private HttpClient http;

  @BeforeAll
  void start() {
    origin = TestOrigin.start(4);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  void stop() {
    origin.close();
  }

  @Test
  void random_sameSeed_sameBytesAtAnyAlignment() {
    TestContent a = TestContent.random(1000, 42);
    TestContent b = TestContent.random(1000, 42);

    byte[] unaligned = a.bytes(3, 500);

    assertArrayEquals(b.bytes(), a.bytes());
    assertArrayEquals(java.util.Arrays.copyOfRange(b.bytes(), 3, 503), unaligned);
    assertNotEquals(
        java.util.Arrays.hashCode(TestContent.random(1000, 43).bytes()),
        java.util.Arrays.hashCode(a.bytes()));
  }

  @Test
  void get_suffixRange_answers206WithTail() throws Exception {
    TestOrigin.Resource blob = origin.serve("/suffix", TestContent.random(1000, 1));

    HttpResponse<byte[]> response = get(blob.url(), "bytes=-100");

    assertEquals(206, response.statusCode());
    assertEquals(Optional.of("bytes 900-999/1000"), response.headers().firstValue("Content-Range"));
    assertArrayEquals(blob.content().bytes(900, 100), response.body());
  }

  @Test
  void head_anyResource_answersLengthWithoutBody() throws Exception {
    TestOrigin.Resource blob = origin.serve("/head", TestContent.random(1234, 2));
    HttpRequest head =
        HttpRequest.newBuilder(blob.url())
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();

    HttpResponse<byte[]> response = http.send(head, HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, response.statusCode());
    assertEquals(Optional.of("1234"), response.headers().firstValue("Content-Length"));
    assertEquals(0, blob.bytesSent());
  }

  @Test
  void resetCounters_afterTraffic_startsFromZero() throws Exception {
    TestOrigin.Resource blob = origin.serve("/counted", new byte[] {1, 2, 3});
    get(blob.url(), null);
    long sentBefore = blob.bytesSent();

    origin.resetCounters();

    assertEquals(3, sentBefore);
    assertEquals(0, blob.bytesSent());
    assertEquals(0, blob.requestCount());
    assertEquals(0, origin.totalBytesSent());
  }

  @Test
  void get_unsatisfiableRange_answers416WithLength() throws Exception {
    TestOrigin.Resource blob = origin.serve("/small", TestContent.random(10, 3));

    HttpResponse<byte[]> response = get(blob.url(), "bytes=10-20");

    assertEquals(416, response.statusCode());
    assertEquals(Optional.of("bytes */10"), response.headers().firstValue("Content-Range"));
  }

  private HttpResponse<byte[]> get(URI url, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
    if (range != null) {
      request.header("Range", range);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
