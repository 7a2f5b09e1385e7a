package dev.darner.origin;

import static dev.darner.origin.OriginTesting.await;
import static dev.darner.origin.OriginTesting.failureOf;
import static dev.darner.origin.OriginTesting.readBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpOriginRedirectTest {

  private ActorTestKit testKit;
  private TestOrigin origin;
  private HttpOrigin client;

  @BeforeAll
  void start() {
    testKit = OriginTesting.testKit("HttpOriginRedirectTest");
    origin = TestOrigin.start();
    client = HttpOrigin.create(testKit.system(), OriginTesting.fastSettings());
  }

  @AfterAll
  void stop() throws Exception {
    origin.close();
    OriginTesting.shutDown(testKit);
  }

  @Test
  void open_redirectChain_followsToContentAndReportsFinalUrl() throws Exception {
    TestOrigin.Resource blob = origin.serve("/final", TestContent.random(50_000, 1));
    origin.redirect("/first", "/second", 301);
    origin.redirect("/second", "/final", 307);

    OriginResponse response =
        await(client.open(OriginRequest.of(origin.url("/first")), 1000, 2000));

    assertArrayEquals(blob.content().bytes(1000, 2000), readBody(response, testKit.system()));
    assertEquals(blob.url(), response.resource().url());
    assertEquals(Optional.of("bytes=1000-2999"), blob.lastRequest().get().header("Range"));
  }

  @Test
  void open_redirectLoop_failsTooManyRedirects() {
    origin.redirect("/ping", "/pong", 302);
    origin.redirect("/pong", "/ping", 302);

    OriginException failure = failureOf(client.open(OriginRequest.of(origin.url("/ping")), 0, 1));

    assertEquals(OriginException.Kind.TOO_MANY_REDIRECTS, failure.kind());
    assertFalse(failure.isTransient());
  }

  @Test
  void open_clientHeaders_forwardsAuthorizationButNotHostOrHopByHop() throws Exception {
    TestOrigin.Resource blob =
        origin.serve("/private", TestContent.random(1000, 2)).requireAuthorization("Bearer sesame");
    List<HttpHeader> headers =
        List.of(
            RawHeader.create("Authorization", "Bearer sesame"),
            RawHeader.create("Host", "client.example"),
            RawHeader.create("X-Trace", "abc"),
            RawHeader.create("Keep-Alive", "timeout=5"),
            RawHeader.create("Range", "bytes=0-0"));

    OriginResponse response = await(client.open(new OriginRequest(blob.url(), headers), 0, 1000));
    readBody(response, testKit.system());

    TestOrigin.ReceivedRequest received = blob.lastRequest().orElseThrow();
    assertEquals(Optional.of("Bearer sesame"), received.header("Authorization"));
    assertEquals(Optional.of("127.0.0.1:" + origin.port()), received.header("Host"));
    assertEquals(Optional.of("abc"), received.header("X-Trace"));
    assertEquals(Optional.empty(), received.header("Keep-Alive"));
    assertEquals(Optional.of("bytes=0-999"), received.header("Range"));
  }

  @Test
  void open_missingAuthorization_failsClientError401WithoutRetry() {
    TestOrigin.Resource blob =
        origin.serve("/guarded", TestContent.random(1000, 3)).requireAuthorization("Bearer x");

    OriginException failure = failureOf(client.open(OriginRequest.of(blob.url()), 0, 10));

    assertEquals(OriginException.Kind.CLIENT_ERROR, failure.kind());
    assertEquals(401, failure.status().getAsInt());
    assertEquals(1, blob.requestCount());
  }

  @Test
  void open_redirectToOtherHost_dropsAuthorization() throws Exception {
    TestOrigin.Resource blob = origin.serve("/elsewhere", TestContent.random(1000, 4));
    URI otherHost = URI.create("http://localhost:" + origin.port() + "/elsewhere");
    origin.redirect("/moved", otherHost, 302);
    List<HttpHeader> headers = List.of(RawHeader.create("Authorization", "Bearer secret"));

    OriginResponse response =
        await(client.open(new OriginRequest(origin.url("/moved"), headers), 0, 10));
    readBody(response, testKit.system());

    TestOrigin.ReceivedRequest received = blob.lastRequest().orElseThrow();
    assertTrue(received.header("Host").orElseThrow().startsWith("localhost:"));
    assertEquals(Optional.empty(), received.header("Authorization"));
  }

  @Test
  void open_redirectWithinOrigin_keepsAuthorization() throws Exception {
    TestOrigin.Resource blob = origin.serve("/inside", TestContent.random(1000, 5));
    origin.redirect("/alias", "/inside", 308);
    List<HttpHeader> headers = List.of(RawHeader.create("Authorization", "Bearer secret"));

    OriginResponse response =
        await(client.open(new OriginRequest(origin.url("/alias"), headers), 0, 10));
    readBody(response, testKit.system());

    assertEquals(
        Optional.of("Bearer secret"), blob.lastRequest().orElseThrow().header("Authorization"));
  }
}
