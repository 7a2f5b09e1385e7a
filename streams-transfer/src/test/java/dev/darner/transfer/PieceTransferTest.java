package dev.darner.transfer;

import static dev.darner.transfer.Loopback.TASK;
import static dev.darner.transfer.Loopback.await;
import static dev.darner.transfer.Loopback.expected;
import static dev.darner.transfer.Loopback.hostOf;
import static dev.darner.transfer.Loopback.randomBytes;
import static dev.darner.transfer.Loopback.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.HostId;
import dev.darner.transfer.fetch.ParentFailure;
import dev.darner.transfer.fetch.ParentFailure.Kind;
import dev.darner.transfer.fetch.PieceClient;
import dev.darner.transfer.serve.LocalPieces;
import dev.darner.transfer.serve.PieceCache;
import dev.darner.transfer.serve.PieceServer;
import dev.darner.transfer.serve.ServablePiece;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PieceTransferTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int CHUNK = 256 * 1024;

  private static final ActorTestKit testKit = Loopback.testKit();

  private final List<PieceServer> servers = new ArrayList<>();
  private final List<PieceClient> clients = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    clients.forEach(PieceClient::close);
    for (PieceServer server : servers) {
      await(server.unbind(), TIMEOUT);
    }
  }

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void fetch_pipelinedPieces_arriveByteIdentical() throws Exception {
    InMemoryPieces pieces = new InMemoryPieces();
    List<ByteString> contents = new ArrayList<>();
    for (int index = 0; index < 6; index++) {
      ByteString bytes = randomBytes(1_000_000 + index, index);
      contents.add(bytes);
      pieces.put(TASK, index, ServablePiece.inMemory(bytes, Crc32c.of(bytes), CHUNK));
    }
    TransferSettings settings = settings("");
    HostId parent = hostOf(bind(settings, pieces));
    PieceClient client = client(settings);

    List<CompletionStage<VerifiedPiece>> fetches = new ArrayList<>();
    for (int index = 0; index < contents.size(); index++) {
      fetches.add(client.fetch(parent, expected(index, contents.get(index))));
    }

    for (int index = 0; index < contents.size(); index++) {
      VerifiedPiece piece = await(fetches.get(index), TIMEOUT);
      assertSameBytes(contents.get(index), piece.bytes());
      assertEquals(index, piece.index());
    }
    assertEquals(1, client.openConnections());
  }

  @Test
  void fetch_emptyPiece_arrives() throws Exception {
    ByteString empty = ByteString.emptyByteString();
    InMemoryPieces pieces =
        new InMemoryPieces().put(TASK, 0, ServablePiece.inMemory(empty, Crc32c.of(empty), CHUNK));
    TransferSettings settings = settings("");
    HostId parent = hostOf(bind(settings, pieces));

    VerifiedPiece piece = await(client(settings).fetch(parent, expected(0, empty)), TIMEOUT);

    assertEquals(0, piece.length());
  }

  @Test
  void fetch_parentThatLiesAboutBytes_failsCorrupt() throws Exception {
    ByteString truth = randomBytes(300_000, 1);
    ByteString lie = randomBytes(300_000, 2);
    InMemoryPieces pieces =
        new InMemoryPieces().put(TASK, 0, ServablePiece.inMemory(lie, Crc32c.of(truth), CHUNK));
    TransferSettings settings = settings("");
    HostId parent = hostOf(bind(settings, pieces));

    ParentFailure failure = failure(client(settings).fetch(parent, expected(0, truth)));

    assertEquals(Kind.CORRUPT, failure.kind());
    assertEquals(parent, failure.parent());
  }

  @Test
  void fetch_afterCorruptPiece_connectionStillServes() throws Exception {
    ByteString truth = randomBytes(300_000, 1);
    ByteString lie = randomBytes(300_000, 2);
    InMemoryPieces pieces =
        new InMemoryPieces()
            .put(TASK, 0, ServablePiece.inMemory(lie, Crc32c.of(lie), CHUNK))
            .put(TASK, 1, ServablePiece.inMemory(truth, Crc32c.of(truth), CHUNK));
    TransferSettings settings = settings("");
    HostId parent = hostOf(bind(settings, pieces));
    PieceClient client = client(settings);

    CompletionStage<VerifiedPiece> corrupt = client.fetch(parent, expected(0, truth));
    CompletionStage<VerifiedPiece> good = client.fetch(parent, expected(1, truth));

    assertEquals(Kind.CORRUPT, failure(corrupt).kind());
    assertSameBytes(truth, await(good, TIMEOUT).bytes());
  }

  @Test
  void fetch_pieceTheParentLacks_failsNotFound() throws Exception {
    TransferSettings settings = settings("");
    HostId parent = hostOf(bind(settings, new InMemoryPieces()));

    ParentFailure failure = failure(client(settings).fetch(parent, expected(3, randomBytes(8, 3))));

    assertEquals(Kind.NOT_FOUND, failure.kind());
    assertTrue(!failure.kind().parentAtFault());
  }

  @Test
  void fetch_noServerListening_failsUnreachable() throws Exception {
    TransferSettings settings = settings("client.connect-timeout = 2 s");
    PieceServer server = bind(settings, new InMemoryPieces());
    HostId parent = hostOf(server);
    await(server.unbind(), TIMEOUT);

    ParentFailure failure = failure(client(settings).fetch(parent, expected(0, randomBytes(8, 0))));

    assertEquals(Kind.UNREACHABLE, failure.kind());
  }

  @Test
  void fetch_parentUnboundMidTransfer_failsClosedAndAnotherParentServes() throws Exception {
    ByteString bytes = randomBytes(4 << 20, 5);
    CompletableFuture<Void> started = new CompletableFuture<>();
    InMemoryPieces slow =
        new InMemoryPieces()
            .put(
                TASK,
                0,
                new ServablePiece(
                    bytes.size(),
                    Crc32c.of(bytes),
                    Source.single(bytes.take(1024))
                        .concat(
                            Source.lazySource(() -> Source.single(bytes.drop(1024)))
                                .initialDelay(Duration.ofSeconds(30)))
                        .watchTermination((m, done) -> started.complete(null))));
    InMemoryPieces healthy =
        new InMemoryPieces().put(TASK, 0, ServablePiece.inMemory(bytes, Crc32c.of(bytes), CHUNK));
    TransferSettings settings = settings("");
    PieceServer dying = bind(settings, slow);
    HostId backup = hostOf(bind(settings, healthy));
    PieceClient client = client(settings);

    CompletionStage<VerifiedPiece> interrupted = client.fetch(hostOf(dying), expected(0, bytes));
    await(started, TIMEOUT);
    await(dying.unbind(), TIMEOUT);

    assertEquals(Kind.CLOSED, failure(interrupted).kind());
    assertSameBytes(bytes, await(client.fetch(backup, expected(0, bytes)), TIMEOUT).bytes());
  }

  @Test
  void fetch_overUploadLimit_failsBusyAtOnce() throws Exception {
    ByteString bytes = randomBytes(1024, 6);
    CompletableFuture<Void> holding = new CompletableFuture<>();
    InMemoryPieces pieces =
        new InMemoryPieces()
            .put(
                TASK,
                0,
                new ServablePiece(
                    bytes.size(),
                    Crc32c.of(bytes),
                    Source.<ByteString>never()
                        .watchTermination((m, done) -> holding.complete(null))))
            .put(TASK, 1, ServablePiece.inMemory(bytes, Crc32c.of(bytes), CHUNK));
    TransferSettings settings = settings("server.max-concurrent-uploads = 1");
    PieceServer server = bind(settings, pieces);
    HostId parent = hostOf(server);
    client(settings).fetch(parent, expected(0, bytes));
    await(holding, TIMEOUT);

    ParentFailure failure = failure(client(settings).fetch(parent, expected(1, bytes)));

    assertEquals(Kind.BUSY, failure.kind());
    assertEquals(1, server.uploadsInProgress());
  }

  @Test
  void fetch_parentSilentAfterHeader_failsStalled() throws Exception {
    ByteString bytes = randomBytes(1024, 7);
    InMemoryPieces pieces =
        new InMemoryPieces()
            .put(TASK, 0, new ServablePiece(bytes.size(), Crc32c.of(bytes), Source.never()));
    TransferSettings settings = settings("client.stall-timeout = 300 ms");
    HostId parent = hostOf(bind(settings, pieces));

    ParentFailure failure = failure(client(settings).fetch(parent, expected(0, bytes)));

    assertEquals(Kind.STALLED, failure.kind());
  }

  @Test
  void fetch_uploadRateLimited_takesAtLeastTheBudgetedTime() throws Exception {
    ByteString bytes = randomBytes(2 << 20, 8);
    InMemoryPieces pieces = new InMemoryPieces();
    for (int index = 0; index < 4; index++) {
      pieces.put(TASK, index, ServablePiece.inMemory(bytes, Crc32c.of(bytes), 1 << 20));
    }
    TransferSettings settings = settings("server.max-upload-rate = 4 MiB");
    HostId parent = hostOf(bind(settings, pieces));
    long start = System.nanoTime();

    List<CompletionStage<VerifiedPiece>> fetches = new ArrayList<>();
    for (int index = 0; index < 4; index++) {
      fetches.add(client(settings).fetch(parent, expected(index, bytes)));
    }
    for (CompletionStage<VerifiedPiece> fetch : fetches) {
      await(fetch, TIMEOUT);
    }

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(elapsed.compareTo(Duration.ofMillis(1500)) > 0, "8 MiB at 4 MiB/s in " + elapsed);
  }

  @Test
  void fetch_downloadRateLimited_takesAtLeastTheBudgetedTime() throws Exception {
    ByteString bytes = randomBytes(2 << 20, 9);
    InMemoryPieces pieces = new InMemoryPieces();
    List<HostId> parents = new ArrayList<>();
    for (int index = 0; index < 2; index++) {
      pieces.put(TASK, index, ServablePiece.inMemory(bytes, Crc32c.of(bytes), 1 << 20));
    }
    TransferSettings settings = settings("client.max-download-rate = 2 MiB");
    parents.add(hostOf(bind(settings, pieces)));
    parents.add(hostOf(bind(settings, pieces)));
    PieceClient client = client(settings);
    long start = System.nanoTime();

    CompletionStage<VerifiedPiece> first = client.fetch(parents.get(0), expected(0, bytes));
    CompletionStage<VerifiedPiece> second = client.fetch(parents.get(1), expected(1, bytes));
    await(first, TIMEOUT);
    await(second, TIMEOUT);

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(elapsed.compareTo(Duration.ofMillis(1500)) > 0, "4 MiB at 2 MiB/s in " + elapsed);
  }

  @Test
  void fetch_pieceOfferedToCache_isServedWithoutReadingTheStore() throws Exception {
    ByteString bytes = randomBytes(100_000, 10);
    InMemoryPieces store =
        new InMemoryPieces()
            .put(
                TASK,
                0,
                new ServablePiece(
                    bytes.size(),
                    Crc32c.of(bytes),
                    Source.failed(new AssertionError("the store was read for a cached piece"))));
    PieceCache cache = PieceCache.create(1 << 20);
    cache.offer(VerifiedPiece.fromOrigin(TASK, 0, bytes));
    TransferSettings settings = settings("");
    HostId parent = hostOf(bind(settings, cache.inFrontOf(store, CHUNK)));

    VerifiedPiece piece = await(client(settings).fetch(parent, expected(0, bytes)), TIMEOUT);

    assertSameBytes(bytes, piece.bytes());
  }

  @Test
  void disconnect_withFetchOutstanding_failsItClosed() throws Exception {
    ByteString bytes = randomBytes(1024, 11);
    InMemoryPieces pieces =
        new InMemoryPieces()
            .put(TASK, 0, new ServablePiece(bytes.size(), Crc32c.of(bytes), Source.never()));
    TransferSettings settings = settings("");
    HostId parent = hostOf(bind(settings, pieces));
    PieceClient client = client(settings);
    CompletionStage<VerifiedPiece> fetch = client.fetch(parent, expected(0, bytes));

    client.disconnect(parent);

    assertEquals(Kind.CLOSED, failure(fetch).kind());
  }

  private PieceServer bind(TransferSettings settings, LocalPieces pieces) throws Exception {
    PieceServer server = await(PieceServer.bind(testKit.system(), settings, pieces), TIMEOUT);
    servers.add(server);
    return server;
  }

  private PieceClient client(TransferSettings settings) {
    PieceClient client = PieceClient.create(testKit.system(), settings);
    clients.add(client);
    return client;
  }

  /** Compares as arrays: comparing ropes of chunks goes byte by byte through Scala's Seq. */
  static void assertSameBytes(ByteString expected, ByteString actual) {
    assertArrayEquals(expected.toArray(), actual.toArray());
  }

  private static ParentFailure failure(CompletionStage<VerifiedPiece> fetch) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> await(fetch, TIMEOUT));
    return assertInstanceOf(ParentFailure.class, thrown.getCause());
  }
}
