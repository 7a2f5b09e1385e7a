package dev.darner.origin;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/** Shared fixtures of the origin tests: an actor system, fast settings, bounded waits. */
final class OriginTesting {

  /** The longest any single step of a test may take before it counts as hung. */
  static final long WAIT_SECONDS = 20;

  private static final Config CONFIG =
      ConfigFactory.parseString(
          """
          pekko.loglevel = WARNING
          pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
          pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
          """);

  private OriginTesting() {}

  /** Returns a test kit whose system suits the origin tests. */
  static ActorTestKit testKit(String name) {
    return testKit(name, ConfigFactory.empty());
  }

  /** Returns a test kit whose system suits the origin tests, with {@code overrides} on top. */
  static ActorTestKit testKit(String name, Config overrides) {
    return ActorTestKit.create(
        name, overrides.withFallback(CONFIG).withFallback(ConfigFactory.load()));
  }

  /** Shuts the test kit down after closing its connection pools, with a bounded wait. */
  static void shutDown(ActorTestKit testKit) throws Exception {
    Http.get(testKit.system())
        .shutdownAllConnectionPools()
        .toCompletableFuture()
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    testKit.shutdownTestKit();
  }

  /** Returns settings with short time-outs and backoffs so failure tests run fast. */
  static OriginSettings fastSettings() {
    return new OriginSettings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        3,
        3,
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        4);
  }

  /** Returns the value of {@code stage}, waiting a bounded time. */
  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Returns the whole body of {@code response}. */
  static byte[] readBody(OriginResponse response, ActorSystem<?> system) throws Exception {
    ByteString body =
        await(
            response
                .body()
                .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system));
    return body.toArray();
  }

  /** Returns the origin failure that {@code stage} fails with, failing the test otherwise. */
  static OriginException failureOf(CompletionStage<?> stage) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> await(stage));
    return assertInstanceOf(OriginException.class, thrown.getCause());
  }

  /** Returns the origin failure that the body of {@code response} fails with. */
  static OriginException bodyFailureOf(OriginResponse response, ActorSystem<?> system) {
    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> readBody(response, system));
    return assertInstanceOf(OriginException.class, thrown.getCause());
  }
}
