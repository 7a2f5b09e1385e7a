package dev.darner.origin;

import static dev.darner.origin.OriginTesting.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyGuardTest {

  private static final URI URL = URI.create("http://origin.example/blob");
  private static final List<ByteString> THREE_CHUNKS =
      List.of(
          ByteString.fromString("abcd"),
          ByteString.fromString("efgh"),
          ByteString.fromString("ij"));

  private ActorTestKit testKit;

  @BeforeAll
  void start() {
    testKit = OriginTesting.testKit("BodyGuardTest");
  }

  @AfterAll
  void stop() throws Exception {
    OriginTesting.shutDown(testKit);
  }

  @Test
  void guard_bodyLongerThanLimit_passesOnlyLimit() throws Exception {
    BodyGuard guard = new BodyGuard(URL, -1, 6, Duration.ofSeconds(1));

    String body = run(Source.from(THREE_CHUNKS).via(guard));

    assertEquals("abcdef", body);
  }

  @Test
  void guard_bodyAsPromised_passesAll() throws Exception {
    BodyGuard guard = new BodyGuard(URL, 10, 10, Duration.ofSeconds(1));

    String body = run(Source.from(THREE_CHUNKS).via(guard));

    assertEquals("abcdefghij", body);
  }

  @Test
  void guard_bodyShorterThanPromised_failsTruncated() {
    BodyGuard guard = new BodyGuard(URL, 20, 20, Duration.ofSeconds(1));

    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> run(Source.from(THREE_CHUNKS).via(guard)));

    OriginException failure = assertInstanceOf(OriginException.class, thrown.getCause());
    assertEquals(OriginException.Kind.TRUNCATED, failure.kind());
  }

  @Test
  void guard_upstreamFails_failsTruncatedWithCause() {
    BodyGuard guard = new BodyGuard(URL, -1, -1, Duration.ofSeconds(1));
    Source<ByteString, ?> broken =
        Source.from(THREE_CHUNKS).concat(Source.failed(new IllegalStateException("reset")));

    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> run(broken.via(guard)));

    OriginException failure = assertInstanceOf(OriginException.class, thrown.getCause());
    assertEquals(OriginException.Kind.TRUNCATED, failure.kind());
    assertInstanceOf(IllegalStateException.class, failure.getCause());
  }

  private String run(Source<ByteString, ?> body) throws Exception {
    return body.runWith(
            Sink.fold(ByteString.emptyByteString(), ByteString::concat), testKit.system())
        .toCompletableFuture()
        .get(WAIT_SECONDS, TimeUnit.SECONDS)
        .utf8String();
  }
}
