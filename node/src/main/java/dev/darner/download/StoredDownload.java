package dev.darner.download;

import dev.darner.api.Download;
import dev.darner.api.DownloadFailure;
import dev.darner.metrics.NodeMetrics;
import dev.darner.storage.Lease;
import dev.darner.storage.StoredTask;
import dev.darner.task.PieceLayout;
import dev.darner.task.TaskId;
import dev.darner.transfer.VerifiedPiece;
import dev.darner.transfer.serve.PieceCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A task read from the store: complete, or still being fetched by its downloader, which says when
 * each piece becomes readable. The task is leased while a read runs, so garbage collection never
 * takes it from under a client.
 *
 * <p>A piece still in the memory cache, as one just fetched from a peer usually is, is served from
 * there: a client reading while the task downloads then costs no read of the disk and no thread
 * hand-over.
 */
final class StoredDownload implements Download {

  private final StoredTask task;
  private final Optional<String> contentType;
  private final Optional<ActorRef<TaskDownloader.Command>> downloader;
  private final Scheduler scheduler;
  private final Duration pieceWait;
  private final Executor io;
  private final int chunkSize;
  private final PieceCache cache;
  private final NodeMetrics metrics;

  StoredDownload(
      StoredTask task,
      Optional<String> contentType,
      Optional<ActorRef<TaskDownloader.Command>> downloader,
      Scheduler scheduler,
      Duration pieceWait,
      Executor io,
      int chunkSize,
      PieceCache cache,
      NodeMetrics metrics) {
    this.task = task;
    this.contentType = contentType;
    this.downloader = downloader;
    this.scheduler = scheduler;
    this.pieceWait = pieceWait;
    this.io = io;
    this.chunkSize = chunkSize;
    this.cache = cache;
    this.metrics = metrics;
  }

  @Override
  public TaskId taskId() {
    return task.metadata().id();
  }

  @Override
  public long contentLength() {
    return task.metadata().layout().contentLength();
  }

  @Override
  public Optional<String> contentType() {
    return contentType;
  }

  @Override
  public Source<ByteString, NotUsed> read(long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > contentLength()) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " outside content of " + contentLength() + " bytes");
    }
    if (length == 0) {
      return Source.empty();
    }
    long end = offset + length;
    boolean partial = offset != 0 || length != contentLength();
    return Source.lazySource(
            () -> {
              Lease lease = task.acquire();
              announce(offset, end);
              int[] readableUpTo = {-1};
              return Source.unfoldAsync(
                      offset, position -> nextChunk(position, end, partial, readableUpTo))
                  .watchTermination(
                      (mat, done) -> {
                        done.whenComplete((d, e) -> lease.close());
                        return mat;
                      });
            })
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /**
   * Tells the downloader which pieces this read covers, so that it fetches them side by side
   * instead of one at a time as the stream reaches each.
   */
  private void announce(long offset, long end) {
    if (downloader.isPresent() && !task.isComplete()) {
      PieceLayout layout = task.metadata().layout();
      downloader
          .get()
          .tell(new TaskDownloader.WantPieces(layout.pieceAt(offset), layout.pieceAt(end - 1)));
    }
  }

  /**
   * Returns the chunk at {@code position}, once its piece is readable; {@code readableUpTo} holds
   * the last piece this stream was told is readable, so each piece is asked about once.
   */
  private CompletionStage<Optional<Pair<Long, ByteString>>> nextChunk(
      long position, long end, boolean partial, int[] readableUpTo) {
    if (position >= end) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    PieceLayout layout = task.metadata().layout();
    int piece = layout.pieceAt(position);
    long pieceEnd = layout.offset(piece) + layout.length(piece);
    int size = (int) Math.min(chunkSize, Math.min(end, pieceEnd) - position);
    CompletionStage<Integer> ready =
        piece <= readableUpTo[0]
            ? CompletableFuture.completedFuture(piece)
            : readable(piece, partial);
    return ready.thenCompose(
        readablePiece -> {
          readableUpTo[0] = readablePiece;
          Optional<VerifiedPiece> cached = cache.get(taskId(), piece);
          if (cached.isPresent()) {
            int from = (int) (position - layout.offset(piece));
            ByteString chunk = cached.get().bytes().slice(from, from + size);
            return CompletableFuture.completedFuture(
                Optional.of(Pair.create(position + size, counted(chunk))));
          }
          return CompletableFuture.supplyAsync(
              () -> Optional.of(Pair.create(position + size, readChunk(position, size))), io);
        });
  }

  private CompletionStage<Integer> readable(int piece, boolean partial) {
    if (task.isComplete() || downloader.isEmpty()) {
      return CompletableFuture.completedFuture(piece);
    }
    return AskPattern.<TaskDownloader.Command, TaskDownloader.PieceReady>ask(
            downloader.get(),
            replyTo -> new TaskDownloader.AwaitPiece(piece, partial, replyTo),
            pieceWait,
            scheduler)
        .thenApply(
            ready -> {
              if (ready.failure().isPresent()) {
                throw ready.failure().get();
              }
              return piece;
            });
  }

  private ByteString readChunk(long position, int size) {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    try {
      while (buffer.hasRemaining()) {
        int read = task.read(position + buffer.position(), buffer);
        if (read <= 0) {
          throw new IOException("store ended at byte " + (position + buffer.position()));
        }
      }
    } catch (IOException e) {
      throw new CompletionException(
          new DownloadFailure(
              DownloadFailure.Kind.INTERNAL,
              "reading task " + taskId().shortForm() + " from the store failed: " + e.getMessage(),
              e));
    }
    return counted(ByteString.fromArrayUnsafe(buffer.array()));
  }

  private ByteString counted(ByteString chunk) {
    if (downloader.isEmpty()) {
      // Only a task held whole when the client asked counts as local; the rest came from origin
      // or peers and is counted where it was fetched.
      metrics.localBytes(chunk.size());
    }
    return chunk;
  }
}
