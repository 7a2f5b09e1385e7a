package dev.darner.transfer;

import static dev.darner.transfer.Loopback.TASK;
import static dev.darner.transfer.Loopback.await;
import static dev.darner.transfer.Loopback.hostOf;
import static dev.darner.transfer.Loopback.randomBytes;
import static dev.darner.transfer.Loopback.settings;
import static dev.darner.transfer.Loopback.tlsOverrides;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.darner.task.HostId;
import dev.darner.transfer.fetch.ExpectedPiece;
import dev.darner.transfer.fetch.PieceClient;
import dev.darner.transfer.serve.PieceServer;
import dev.darner.transfer.serve.ServablePiece;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One parent to one child over loopback: a task of 1 GiB in 4 MiB pieces, from memory to memory,
 * every piece verified by the child; and a plain blocking Java socket moving the same bytes, as the
 * baseline of the same run. Excluded from the ordinary build; docs/protocol.md gives the command
 * and the figures.
 */
@Tag("benchmark")
class LoopbackBenchmarkTest {

  private static final int PIECE_SIZE = 4 << 20;
  private static final int PIECES = 256;
  private static final long TASK_BYTES = (long) PIECE_SIZE * PIECES;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void transfer_oneGibibyteOverLoopback_reportsThroughput() throws Exception {
    ByteString piece = randomBytes(PIECE_SIZE, 1);
    int crc = Crc32c.of(piece);
    String requests = System.getProperty("darner.benchmark.requests-per-parent", "2");
    TransferSettings plain = settings("client.requests-per-parent = " + requests);
    ActorTestKit testKit = Loopback.testKit();
    try {
      double socket = plainSocket(piece);
      transfer(testKit, plain, piece, crc, PIECES / 4);
      double pekko = transfer(testKit, plain, piece, crc, PIECES);
      double tls =
          transfer(
              testKit, plain.withTls(settings(tlsOverrides()).tls().get()), piece, crc, PIECES / 4);
      System.out.printf(
          "Loopback, 1 GiB in 4 MiB pieces, %s requests per parent:%n"
              + "  plain Java socket, 64 KiB writes  %6.0f MiB/s%n"
              + "  Darner piece transfer             %6.0f MiB/s (%.2f of the socket)%n"
              + "  Darner piece transfer over TLS    %6.0f MiB/s (64 MiB)%n",
          requests, socket, pekko, pekko / socket, tls);
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private static double transfer(
      ActorTestKit testKit, TransferSettings settings, ByteString piece, int crc, int pieces)
      throws Exception {
    int chunk = settings.server().fileChunkSize();
    PieceServer server =
        await(
            PieceServer.bind(
                testKit.system(),
                settings,
                (task, index) -> Optional.of(ServablePiece.inMemory(piece, crc, chunk))),
            TIMEOUT);
    PieceClient client = PieceClient.create(testKit.system(), settings);
    HostId parent = hostOf(server);
    Semaphore window = new Semaphore(settings.client().requestsPerParent());
    AtomicLong received = new AtomicLong();
    CompletableFuture<Void> failed = new CompletableFuture<>();
    long start = System.nanoTime();
    for (int index = 0; index < pieces && !failed.isDone(); index++) {
      window.acquire();
      CompletionStage<VerifiedPiece> fetch =
          client.fetch(parent, new ExpectedPiece(TASK, index, PIECE_SIZE, crc));
      fetch.whenComplete(
          (verified, failure) -> {
            if (failure != null) {
              failed.completeExceptionally(failure);
            } else {
              received.addAndGet(verified.length());
            }
            window.release();
          });
    }
    window.acquire(settings.client().requestsPerParent());
    double seconds = (System.nanoTime() - start) / 1e9;
    client.close();
    await(server.unbind(), TIMEOUT);
    if (failed.isCompletedExceptionally()) {
      await(failed, TIMEOUT);
    }
    assertEquals((long) PIECE_SIZE * pieces, received.get());
    return received.get() / (1024.0 * 1024.0) / seconds;
  }

  private static double plainSocket(ByteString piece) throws Exception {
    byte[] block = piece.take(64 * 1024).toArray();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread sender =
          new Thread(
              () -> {
                try (Socket socket = listener.accept();
                    OutputStream out = socket.getOutputStream()) {
                  for (long sent = 0; sent < TASK_BYTES; sent += block.length) {
                    out.write(block);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      sender.start();
      long start = System.nanoTime();
      long received = 0;
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
          InputStream in = socket.getInputStream()) {
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          received += read;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      sender.join();
      assertEquals(TASK_BYTES, received);
      return received / (1024.0 * 1024.0) / seconds;
    }
  }
}
