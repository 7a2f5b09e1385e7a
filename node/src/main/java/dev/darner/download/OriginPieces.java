package dev.darner.download;

import dev.darner.metrics.NodeMetrics;
import dev.darner.metrics.TrafficSource;
import dev.darner.origin.Origin;
import dev.darner.origin.OriginRequest;
import dev.darner.origin.OriginResponse;
import dev.darner.storage.PieceWriter;
import dev.darner.storage.StoredTask;
import dev.darner.task.PieceLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Fetches pieces from the origin straight into the store: one Range request per piece, or one
 * sequential body cut into pieces when the origin ignores ranges. A piece counts as stored only
 * once its writer commits, so a failed or cut-off fetch leaves it absent.
 *
 * <p>Pieces from the origin are not kept in the memory cache: on the heap they cost the garbage
 * collector a copy or two of every byte, and the node's resident memory grew by the cache's size,
 * while reading them back from the page cache costs about one copy.
 */
final class OriginPieces {

  /** Told of each piece stored by a sequential fetch, with its CRC32C. */
  interface StoredListener {
    void stored(int index, int crc);
  }

  private static final long BATCH_BYTES = 1 << 20;

  private final Origin origin;
  private final Materializer materializer;
  private final Executor io;
  private final String ioDispatcher;
  private final NodeMetrics metrics;

  OriginPieces(
      Origin origin,
      Materializer materializer,
      Executor io,
      String ioDispatcher,
      NodeMetrics metrics) {
    this.origin = origin;
    this.materializer = materializer;
    this.io = io;
    this.ioDispatcher = ioDispatcher;
    this.metrics = metrics;
  }

  /** Returns the CRC32C of piece {@code index} of {@code task} once fetched and stored. */
  CompletionStage<Integer> fetchPiece(OriginRequest request, StoredTask task, int index) {
    PieceLayout layout = task.metadata().layout();
    long offset = layout.offset(index);
    long started = System.nanoTime();
    metrics.backToSource();
    return origin
        .open(request, offset, layout.length(index))
        .thenCompose(
            response -> {
              if (response.offset() != offset) {
                response.body().runWith(Sink.cancelled(), materializer);
                return CompletableFuture.failedFuture(
                    new java.io.IOException("origin stopped honouring ranges"));
              }
              return store(task, index, response.body());
            })
        .whenComplete(
            (crc, failure) -> {
              if (failure == null) {
                metrics.pieceDownloaded(
                    Duration.ofNanos(System.nanoTime() - started), TrafficSource.ORIGIN);
              }
            });
  }

  /**
   * Completes when the whole body of {@code response}, which starts at the first byte, has been cut
   * into pieces; pieces the task already holds are skipped, each stored one is reported to {@code
   * listener}.
   */
  CompletionStage<Done> storeSequential(
      OriginResponse response, StoredTask task, StoredListener listener) {
    PieceCutter cutter = new PieceCutter(task, listener);
    metrics.backToSource();
    return response
        .body()
        .via(batched())
        .runWith(
            Sink.<ByteString>foreach(
                    bytes -> {
                      cutter.accept(bytes);
                      metrics.originBytes(bytes.size());
                    })
                .withAttributes(ActorAttributes.dispatcher(ioDispatcher)),
            materializer)
        .thenApplyAsync(
            done -> {
              cutter.finish();
              return done;
            },
            io)
        .whenComplete((done, failure) -> cutter.abandon());
  }

  private CompletionStage<Integer> store(
      StoredTask task, int index, Source<ByteString, NotUsed> body) {
    PieceWriter writer = task.beginPiece(index);
    return body.via(batched())
        .runWith(
            Sink.<ByteString>foreach(
                    bytes -> {
                      for (ByteBuffer buffer : bytes.getByteBuffers()) {
                        writer.write(buffer);
                      }
                      metrics.originBytes(bytes.size());
                    })
                .withAttributes(ActorAttributes.dispatcher(ioDispatcher)),
            materializer)
        .thenApplyAsync(done -> commit(writer), io)
        .whenComplete((crc, failure) -> writer.close());
  }

  /**
   * Returns a flow that joins the small chunks the HTTP client delivers into up to 1 MiB while the
   * writer is busy: each element crossing to the I/O dispatcher costs a hand-over, so fewer and
   * larger elements cost less. Joining builds a rope; no byte is copied.
   */
  private static Flow<ByteString, ByteString, NotUsed> batched() {
    return Flow.<ByteString>create()
        .batchWeighted(
            BATCH_BYTES, bytes -> (long) bytes.size(), bytes -> bytes, ByteString::concat);
  }

  private static int commit(PieceWriter writer) {
    try {
      return writer.commit(OptionalInt.empty());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
