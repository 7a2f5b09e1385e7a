package dev.darner.transfer;

import static dev.darner.transfer.Loopback.TASK;
import static dev.darner.transfer.Loopback.await;
import static dev.darner.transfer.Loopback.expected;
import static dev.darner.transfer.Loopback.hostOf;
import static dev.darner.transfer.Loopback.randomBytes;
import static dev.darner.transfer.Loopback.settings;
import static dev.darner.transfer.Loopback.tlsOverrides;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.HostId;
import dev.darner.transfer.fetch.ParentFailure;
import dev.darner.transfer.fetch.PieceClient;
import dev.darner.transfer.serve.PieceServer;
import dev.darner.transfer.serve.ServablePiece;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsTransferTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ByteString BYTES = randomBytes(3_000_000, 42);
  private static final TransferSettings TLS = settings(tlsOverrides());

  private static final ActorTestKit testKit = Loopback.testKit();
  private static PieceServer server;

  @BeforeAll
  static void bind() throws Exception {
    InMemoryPieces pieces =
        new InMemoryPieces().put(TASK, 0, ServablePiece.inMemory(BYTES, Crc32c.of(BYTES), 1 << 20));
    server = await(PieceServer.bind(testKit.system(), TLS, pieces), TIMEOUT);
  }

  @AfterAll
  static void shutDown() throws Exception {
    await(server.unbind(), TIMEOUT);
    testKit.shutdownTestKit();
  }

  @Test
  void fetch_overTls_arrivesByteIdentical() throws Exception {
    PieceClient client = PieceClient.create(testKit.system(), TLS);

    VerifiedPiece piece = await(client.fetch(hostOf(server), expected(0, BYTES)), TIMEOUT);

    assertArrayEquals(BYTES.toArray(), piece.bytes().toArray());
    client.close();
  }

  @Test
  void fetch_plainClientFromTlsServer_failsInsteadOfHanging() {
    PieceClient plain = PieceClient.create(testKit.system(), settings(""));
    HostId parent = hostOf(server);

    ExecutionException thrown =
        assertThrows(
            ExecutionException.class,
            () -> await(plain.fetch(parent, expected(0, BYTES)), TIMEOUT));

    ParentFailure failure = assertInstanceOf(ParentFailure.class, thrown.getCause());
    assertTrue(failure.kind().parentAtFault(), failure.getMessage());
    plain.close();
  }
}
