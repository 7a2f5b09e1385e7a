package dev.darner.origin;

import static dev.darner.origin.OriginTesting.await;
import static dev.darner.origin.OriginTesting.bodyFailureOf;
import static dev.darner.origin.OriginTesting.failureOf;
import static dev.darner.origin.OriginTesting.readBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpOriginFailureTest {

  private ActorTestKit testKit;
  private TestOrigin origin;
  private OriginSettings settings;
  private HttpOrigin client;

  @BeforeAll
  void start() {
    testKit = OriginTesting.testKit("HttpOriginFailureTest");
    origin = TestOrigin.start();
    settings = OriginTesting.fastSettings();
    client = HttpOrigin.create(testKit.system(), settings);
  }

  @AfterAll
  void stop() throws Exception {
    origin.close();
    OriginTesting.shutDown(testKit);
  }

  @Test
  void open_missingPath_failsNotFoundWithoutRetry() {
    URI missing = origin.url("/missing");

    OriginException failure = failureOf(client.open(OriginRequest.of(missing), 0, 100));

    assertEquals(OriginException.Kind.NOT_FOUND, failure.kind());
    assertEquals(OptionalInt.of(404), failure.status());
    assertFalse(failure.isTransient());
    assertEquals(1, countRequests("/missing"));
  }

  @Test
  void open_twoServerErrorsThenSuccess_succeeds() throws Exception {
    TestOrigin.Resource blob =
        origin.serve("/flaky", TestContent.random(10_000, 1)).failNext(2, 500);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 100, 1000));

    assertArrayEquals(blob.content().bytes(100, 1000), readBody(response, testKit.system()));
    assertEquals(3, blob.requestCount());
  }

  @Test
  void open_serverErrorEveryTime_failsServerErrorAfterMaxAttempts() {
    TestOrigin.Resource blob =
        origin.serve("/broken", TestContent.random(10_000, 2)).failNext(100, 503);

    OriginException failure = failureOf(client.open(OriginRequest.of(blob.url()), 0, 1000));

    assertEquals(OriginException.Kind.SERVER_ERROR, failure.kind());
    assertEquals(OptionalInt.of(503), failure.status());
    assertTrue(failure.isTransient());
    assertEquals(settings.maxAttempts(), blob.requestCount());
  }

  @Test
  void open_forbidden_failsClientErrorWithoutRetry() {
    TestOrigin.Resource blob =
        origin.serve("/forbidden", TestContent.random(10, 3)).failNext(100, 403);

    OriginException failure = failureOf(client.open(OriginRequest.of(blob.url()), 0, 10));

    assertEquals(OriginException.Kind.CLIENT_ERROR, failure.kind());
    assertFalse(failure.isTransient());
    assertEquals(1, blob.requestCount());
  }

  @Test
  void open_tooManyRequestsOnce_retriesAndSucceeds() throws Exception {
    TestOrigin.Resource blob =
        origin.serve("/throttled", TestContent.random(10_000, 4)).failNext(1, 429);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 0, 10));

    assertArrayEquals(blob.content().bytes(0, 10), readBody(response, testKit.system()));
    assertEquals(2, blob.requestCount());
  }

  @Test
  void open_connectionDroppedMidBody_bodyFailsTruncated() throws Exception {
    TestOrigin.Resource blob =
        origin.serve("/reset", TestContent.random(1_000_000, 5)).resetNext(1, 300_000);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 0, -1));
    OriginException failure = bodyFailureOf(response, testKit.system());

    assertEquals(OriginException.Kind.TRUNCATED, failure.kind());
    assertTrue(failure.isTransient());
  }

  @Test
  void open_connectionDroppedMidRange_bodyFailsTruncated() throws Exception {
    TestOrigin.Resource blob =
        origin.serve("/reset-range", TestContent.random(1_000_000, 6)).resetNext(1, 1000);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 500, 100_000));
    OriginException failure = bodyFailureOf(response, testKit.system());

    assertEquals(OriginException.Kind.TRUNCATED, failure.kind());
  }

  @Test
  void open_connectionDroppedMidChunkedBody_bodyFailsTruncated() throws Exception {
    TestOrigin.Resource blob =
        origin
            .serve("/reset-chunked", TestContent.random(1_000_000, 7))
            .chunked(true)
            .resetNext(1, 300_000);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 0, -1));
    OriginException failure = bodyFailureOf(response, testKit.system());

    assertEquals(OriginException.Kind.TRUNCATED, failure.kind());
  }

  @Test
  void open_slowOrigin_deliversAllBytesAfterResponseTimeout() throws Exception {
    OriginSettings quick = withResponseTimeout(Duration.ofMillis(300));
    HttpOrigin patient = HttpOrigin.create(testKit.system(), quick);
    TestOrigin.Resource blob =
        origin.serve("/slow", TestContent.random(400_000, 8)).rateLimit(800_000);

    OriginResponse response = await(patient.open(OriginRequest.of(blob.url()), 0, -1));
    byte[] body = readBody(response, testKit.system());

    assertArrayEquals(blob.content().bytes(), body);
  }

  @Test
  void open_unreachablePort_failsUnreachableAfterRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/nothing");

    OriginException failure = failureOf(client.open(OriginRequest.of(url), 0, 10));

    assertEquals(OriginException.Kind.UNREACHABLE, failure.kind());
    assertTrue(failure.isTransient());
    assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort + "/nothing"));
  }

  @Test
  void open_originStallsBeforeAnswering_failsTimeout() {
    OriginSettings impatient = withResponseTimeout(Duration.ofMillis(200));
    HttpOrigin client = HttpOrigin.create(testKit.system(), impatient);
    TestOrigin.Resource blob =
        origin.serve("/stall", TestContent.random(1000, 9)).stallNext(100, Duration.ofSeconds(1));

    OriginException failure = failureOf(client.open(OriginRequest.of(blob.url()), 0, 10));

    assertEquals(OriginException.Kind.TIMEOUT, failure.kind());
    assertTrue(failure.isTransient());
    assertEquals(impatient.maxAttempts(), blob.requestCount());
  }

  @Test
  void open_originStallsMidBody_bodyFailsTimeout() throws Exception {
    OriginSettings impatient =
        new OriginSettings(
            settings.connectTimeout(),
            Duration.ofMillis(300),
            settings.responseTimeout(),
            settings.maxRedirects(),
            settings.maxAttempts(),
            settings.minBackoff(),
            settings.maxBackoff(),
            settings.maxConnectionsPerHost());
    HttpOrigin client = HttpOrigin.create(testKit.system(), impatient);
    TestOrigin.Resource blob =
        origin.serve("/trickle", TestContent.random(100_000, 10)).rateLimit(2);

    OriginResponse response = await(client.open(OriginRequest.of(blob.url()), 0, -1));
    OriginException failure = bodyFailureOf(response, testKit.system());

    assertEquals(OriginException.Kind.TIMEOUT, failure.kind());
  }

  private OriginSettings withResponseTimeout(Duration responseTimeout) {
    return new OriginSettings(
        settings.connectTimeout(),
        settings.idleTimeout(),
        responseTimeout,
        settings.maxRedirects(),
        settings.maxAttempts(),
        settings.minBackoff(),
        settings.maxBackoff(),
        settings.maxConnectionsPerHost());
  }

  private long countRequests(String path) {
    return origin.requests().stream().filter(request -> request.path().equals(path)).count();
  }
}
