package dev.darner.transfer;

import com.typesafe.config.ConfigFactory;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.transfer.fetch.ExpectedPiece;
import dev.darner.transfer.serve.PieceServer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.slf4j.LoggerFactory;

/** Helpers for tests that run a piece server and a piece client on 127.0.0.1. */
public final class Loopback {

  /** A task id for tests. */
  public static final TaskId TASK = TaskId.of("d".repeat(64));

  private Loopback() {}

  /**
   * Returns the reference settings on 127.0.0.1, any free port, with {@code overrides} (HOCON
   * relative to {@code darner.transfer}) applied.
   */
  public static TransferSettings settings(String overrides) {
    return TransferSettings.fromConfig(
        ConfigFactory.parseString(overrides)
            .atPath("darner.transfer")
            .withFallback(
                ConfigFactory.parseString(
                    "darner.transfer.server { interface = \"127.0.0.1\", port = 0 }"))
            .withFallback(ConfigFactory.defaultReference()));
  }

  /**
   * Returns the HOCON (relative to {@code darner.transfer}) that turns on TLS with the test key
   * store: one self-signed certificate for 127.0.0.1 that every test peer presents and trusts.
   */
  public static String tlsOverrides() {
    try {
      String store = Path.of(Loopback.class.getResource("/tls/peer.p12").toURI()).toString();
      return "tls { enabled = on, key-store = \""
          + store
          + "\", key-store-password = changeit,"
          + " trust-store = \""
          + store
          + "\", trust-store-password = changeit }";
    } catch (URISyntaxException e) {
      throw new IllegalStateException("test key store not on the class path", e);
    }
  }

  /**
   * Returns a new test kit. Logging is set up first: when the actor system's threads are the first
   * to log, SLF4J prints a warning about calls replayed during its initialization.
   */
  public static ActorTestKit testKit() {
    LoggerFactory.getILoggerFactory();
    return ActorTestKit.create();
  }

  /** Returns the host id of {@code server}, as children name it. */
  public static HostId hostOf(PieceServer server) {
    return HostId.of("127.0.0.1", server.localAddress().getPort());
  }

  /** Returns {@code length} random bytes, the same for the same {@code seed}. */
  public static ByteString randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return ByteString.fromArrayUnsafe(bytes);
  }

  /** Returns what a child expects of piece {@code index} of {@link #TASK} holding {@code bytes}. */
  public static ExpectedPiece expected(int index, ByteString bytes) {
    return new ExpectedPiece(TASK, index, bytes.size(), Crc32c.of(bytes));
  }

  /** Returns the value of {@code stage}, waiting at most {@code timeout}. */
  public static <T> T await(CompletionStage<T> stage, Duration timeout) throws Exception {
    return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
