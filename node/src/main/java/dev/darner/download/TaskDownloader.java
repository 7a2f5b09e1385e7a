package dev.darner.download;

import dev.darner.api.DownloadFailure;
import dev.darner.cluster.RegisterOutcome;
import dev.darner.metrics.TrafficSource;
import dev.darner.origin.Origin;
import dev.darner.origin.OriginRequest;
import dev.darner.origin.OriginResponse;
import dev.darner.storage.Lease;
import dev.darner.storage.PieceStore;
import dev.darner.storage.PieceWriter;
import dev.darner.storage.StoredTask;
import dev.darner.storage.TaskMetadata;
import dev.darner.task.Digest;
import dev.darner.task.HostId;
import dev.darner.task.PieceLayout;
import dev.darner.task.TaskId;
import dev.darner.transfer.VerifiedPiece;
import dev.darner.transfer.fetch.ExpectedPiece;
import dev.darner.transfer.fetch.PieceFetchPlanner;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Downloads one task into the store, from its peers or from its origin, and tells the clients
 * reading it when each piece is ready.
 *
 * <p>It owns the task's fetch state: which pieces are in flight and from where, how often each was
 * tried, which clients wait for which piece, the parents its coordinator assigned, and the running
 * SHA-256 when the digest is known. {@link NodeDownloads} starts it for the first client of a task
 * and routes later clients of the same task to it.
 *
 * <p>It registers with the task's coordinator in its AZ and registers again at every poll interval
 * with the pieces it holds. The coordinator answers with parents to take pieces from, with the word
 * to wait for the seed, or with the word to go back to source for the pieces no peer holds. Going
 * back to source, it learns the content's length with a one-byte range request (an origin that
 * ignores ranges answers with the whole body, used as one sequential stream), then keeps several
 * piece requests open, the pieces a client waits for first. When the coordinator cannot be reached
 * it goes back to source on its own, so a node never stops working for want of its cluster.
 *
 * <p>A downloader opened only for range reads fetches just the pieces its readers wait for, so a
 * reader of 4 KiB in the middle of a large blob costs the origin one piece, not the blob; it stops
 * after the linger once nobody waits, keeping what it stored for the next download to resume. The
 * first client that opens the task for a whole read turns it into a full download.
 *
 * <p>When the digest is known, the last piece is held back from clients reading the whole content
 * until the whole content has been verified, so a client never receives all the bytes of content
 * that turns out wrong. A range reader gets the last piece once it is stored: it asked for part of
 * the content, which no digest of the whole can vouch for before the rest has arrived. Once done or
 * failed it leaves the registry at once, so new clients start afresh or read the finished task from
 * the store, and stops after a linger for the clients still reading. Nothing of it survives a stop
 * or a node restart but what the store holds: the next download of the task resumes from the stored
 * pieces, and the coordinator learns of them when it registers again.
 */
public final class TaskDownloader extends AbstractBehavior<TaskDownloader.Command> {

  /** What the downloader of a task is told. */
  public sealed interface Command {}

  /** Asks for the task's metadata once its length is known. */
  public record Open(boolean wholeTask, ActorRef<Opened> replyTo) implements Command {}

  /** Asks to be told when piece {@code index} can be read from the store. */
  public record AwaitPiece(int index, boolean partialRead, ActorRef<PieceReady> replyTo)
      implements Command {}

  /**
   * Tells that a reader is about to read pieces {@code first} to {@code last}, so they go first.
   */
  public record WantPieces(int first, int last) implements Command {}

  /** The answer to {@link Open}. */
  public sealed interface Opened {}

  /** The task is in the store with its layout; its pieces can be awaited. */
  public record Ready(StoredTask task, Optional<String> contentType) implements Opened {}

  /** The task cannot be downloaded. */
  public record Refused(DownloadFailure failure) implements Opened {}

  /** The answer to {@link AwaitPiece}: the piece is readable, or the task failed. */
  public record PieceReady(int index, Optional<DownloadFailure> failure) {}

  private record Registered(RegisterOutcome outcome) implements Command {}

  private record RegisterFailed(Throwable cause) implements Command {}

  private enum Poll implements Command {
    INSTANCE
  }

  private enum FlushReports implements Command {
    INSTANCE
  }

  private record Probed(OriginResponse response) implements Command {}

  private record Prepared(Optional<OriginResponse> response, StoredTask task) implements Command {}

  private record PieceStored(int index, int crc, Optional<HostId> parent) implements Command {}

  private record PieceFailed(int index, Throwable cause) implements Command {}

  /** A parent sent the whole of a piece; its request slot is free while the piece is stored. */
  private record PieceReceived(HostId parent) implements Command {}

  /**
   * A piece from {@code parent} failed: in transfer, or ({@code received}) while being stored,
   * which is no fault of the parent's.
   */
  private record PeerPieceFailed(int index, HostId parent, Throwable cause, boolean received)
      implements Command {}

  private record RetryPiece(int index) implements Command {}

  private record SequentialOpened(OriginResponse response) implements Command {}

  private record SequentialEnded(Optional<Throwable> failure) implements Command {}

  private enum RestartSequential implements Command {
    INSTANCE
  }

  private record Hashed(ContentHasher hasher) implements Command {}

  private record Completed() implements Command {}

  private record Failed(Throwable cause) implements Command {}

  private enum LingerOver implements Command {
    INSTANCE
  }

  private enum IdleOver implements Command {
    INSTANCE
  }

  /** Everything a downloader works with, shared by the downloaders of one node. */
  record Context(
      PieceStore store,
      Origin origin,
      OriginPieces pieces,
      DownloadSettings settings,
      Executor io,
      Materializer materializer,
      Peering peering) {}

  /**
   * What one task is: its id, where it comes from, what it must hash to, and the request a seed
   * needs to fetch it for this node.
   */
  record Target(
      TaskId id,
      String canonicalUrl,
      OriginRequest request,
      Optional<Digest> digest,
      String originRequest) {}

  private enum Mode {
    STARTING,
    FETCHING,
    DONE,
    FAILED
  }

  /**
   * Pieces a downloader gathers before it reports them to its coordinator at once, between polls;
   * public so that the simulation runs report as the node does.
   */
  public static final int REPORT_BATCH = 16;

  /** How long a downloader holds back a report smaller than {@link #REPORT_BATCH}. */
  public static final Duration REPORT_DELAY = Duration.ofMillis(200);

  private final Context ctx;
  private final Target target;
  private final Consumer<Optional<DownloadFailure>> onGone;
  private final TimerScheduler<Command> timers;
  private final List<ActorRef<Opened>> pendingOpens = new ArrayList<>();
  private final Map<Integer, List<AwaitPiece>> waiters = new HashMap<>();
  private final Map<Integer, Integer> attempts = new HashMap<>();
  private final PeerView peers;
  private final List<int[]> unreported = new ArrayList<>();
  private final Instant startedAt = Instant.now();
  private Mode mode = Mode.STARTING;
  private boolean wholeTask;
  private boolean fromSource;
  private BitSet sourcePieces;
  private boolean preparing;
  private int originInFlight;
  private int peerInFlight;
  private Optional<String> contentType = Optional.empty();
  private StoredTask task;
  private Lease lease;
  private PieceQueue queue;
  private boolean sequential;
  private int sequentialAttempts;
  private ContentHasher hasher;
  private DownloadFailure failure;

  private TaskDownloader(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Context ctx,
      Target target,
      Consumer<Optional<DownloadFailure>> onGone) {
    super(context);
    this.timers = timers;
    this.ctx = ctx;
    this.target = target;
    this.onGone = onGone;
    this.peers = new PeerView(ctx.peering().planners().get(), ctx.peering().avoidFailedParentFor());
    register();
  }

  /**
   * Returns the behavior of the downloader of {@code target}; {@code onGone} runs once it is done
   * or failed, with the failure if it failed, and must take it out of the registry of active
   * downloads.
   */
  static Behavior<Command> create(
      Context ctx, Target target, Consumer<Optional<DownloadFailure>> onGone) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new TaskDownloader(context, timers, ctx, target, onGone)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Open.class, this::onOpen)
        .onMessage(AwaitPiece.class, this::onAwaitPiece)
        .onMessage(WantPieces.class, this::onWantPieces)
        .onMessage(Registered.class, m -> onRegistered(m.outcome()))
        .onMessage(RegisterFailed.class, m -> onRegisterFailed(m.cause()))
        .onMessageEquals(Poll.INSTANCE, this::onPoll)
        .onMessageEquals(FlushReports.INSTANCE, this::flushReports)
        .onMessage(Probed.class, this::onProbed)
        .onMessage(Prepared.class, this::onPrepared)
        .onMessage(PieceStored.class, this::onPieceStored)
        .onMessage(PieceFailed.class, this::onPieceFailed)
        .onMessage(PeerPieceFailed.class, this::onPeerPieceFailed)
        .onMessage(PieceReceived.class, this::onPieceReceived)
        .onMessage(RetryPiece.class, this::onRetryPiece)
        .onMessage(SequentialOpened.class, m -> onSequentialOpened(m.response()))
        .onMessage(SequentialEnded.class, this::onSequentialEnded)
        .onMessageEquals(RestartSequential.INSTANCE, this::onRestartSequential)
        .onMessage(Hashed.class, this::onHashed)
        .onMessage(Completed.class, m -> onCompleted())
        .onMessage(Failed.class, m -> fail(m.cause()))
        .onMessageEquals(LingerOver.INSTANCE, Behaviors::stopped)
        .onMessageEquals(IdleOver.INSTANCE, this::onIdleOver)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private Behavior<Command> onOpen(Open open) {
    if (open.wholeTask() && !wholeTask) {
      wholeTask = true;
      fill();
    }
    switch (mode) {
      case STARTING -> pendingOpens.add(open.replyTo());
      case FAILED -> open.replyTo().tell(new Refused(failure));
      default -> open.replyTo().tell(new Ready(task, contentType));
    }
    return this;
  }

  private Behavior<Command> onAwaitPiece(AwaitPiece await) {
    if (mode == Mode.FAILED) {
      await.replyTo().tell(new PieceReady(await.index(), Optional.of(failure)));
    } else if (isReadable(await.index(), await.partialRead())) {
      await.replyTo().tell(new PieceReady(await.index(), Optional.empty()));
    } else {
      waiters.computeIfAbsent(await.index(), i -> new ArrayList<>()).add(await);
      if (queue != null) {
        queue.want(await.index());
        fill();
      }
    }
    return this;
  }

  private Behavior<Command> onWantPieces(WantPieces want) {
    if (mode == Mode.FETCHING) {
      for (int index = want.first(); index <= want.last(); index++) {
        queue.want(index);
      }
      fill();
    }
    return this;
  }

  private Behavior<Command> onIdleOver() {
    if (isIdle()) {
      getContext()
          .getLog()
          .debug(
              "Task [{}] has no range reader left; stopping with {} of {} pieces stored",
              target.id().shortForm(),
              task.presentCount(),
              queue.pieceCount());
      return Behaviors.stopped();
    }
    return this;
  }

  /** Returns whether nobody needs an on-demand download any more: no reader and no fetch. */
  private boolean isIdle() {
    return !wholeTask
        && !sequential
        && mode == Mode.FETCHING
        && waiters.isEmpty()
        && !queue.hasWanted()
        && queue.inFlightCount() == 0;
  }

  private void stopWhenIdle() {
    if (isIdle()) {
      timers.startSingleTimer(IdleOver.INSTANCE, ctx.settings().linger());
    }
  }

  // ---- coordination

  private void register() {
    Peering peering = ctx.peering();
    Optional<StoredTask> known = Optional.ofNullable(task).or(() -> ctx.store().find(target.id()));
    BitSet have = known.map(StoredTask::pieces).orElseGet(BitSet::new);
    Optional<dev.darner.task.TaskMetadata> metadata = known.map(TaskDownloader::clusterMetadata);
    getContext()
        .pipeToSelf(
            peering.coordination().register(target.id(), metadata, have, target.originRequest()),
            (outcome, error) ->
                error == null ? new Registered(outcome) : new RegisterFailed(error));
  }

  private Behavior<Command> onPoll() {
    if (mode == Mode.STARTING || mode == Mode.FETCHING) {
      register();
    }
    return this;
  }

  private Behavior<Command> onRegisterFailed(Throwable cause) {
    if (mode != Mode.STARTING && mode != Mode.FETCHING) {
      return this;
    }
    if (!fromSource && task == null) {
      getContext()
          .getLog()
          .warn(
              "Coordinator of task [{}] did not answer, going back to source: {}",
              target.id().shortForm(),
              cause.toString());
      goBackToSource(null);
    }
    schedulePoll();
    return this;
  }

  private Behavior<Command> onRegistered(RegisterOutcome outcome) {
    if (mode != Mode.STARTING && mode != Mode.FETCHING) {
      return this;
    }
    schedulePoll();
    if (outcome instanceof RegisterOutcome.BackToSource source) {
      peers.update(source.parents(), source.crcs());
      goBackToSource(source.metadata().isPresent() ? source.piecesToFetch() : null);
    } else if (outcome instanceof RegisterOutcome.ParentsAssigned assigned) {
      peers.update(assigned.parents(), assigned.crcs());
      if (task == null) {
        prepareFromPeers(assigned.metadata());
      }
    } else if (task == null && !fromSource && waitedTooLong()) {
      getContext()
          .getLog()
          .warn(
              "Task [{}] waited {} for its seed in vain, going back to source",
              target.id().shortForm(),
              ctx.settings().seedWait());
      goBackToSource(null);
    }
    fill();
    return this;
  }

  private boolean waitedTooLong() {
    return Duration.between(startedAt, Instant.now()).compareTo(ctx.settings().seedWait()) > 0;
  }

  private void schedulePoll() {
    timers.startSingleTimer(Poll.INSTANCE, ctx.peering().coordination().pollInterval());
  }

  private void goBackToSource(BitSet pieces) {
    boolean first = !fromSource;
    fromSource = true;
    sourcePieces = pieces;
    if (first && task == null) {
      probe();
    }
  }

  private void report(int index, int crc) {
    unreported.add(new int[] {index, crc});
    if (unreported.size() >= REPORT_BATCH) {
      flushReports();
    } else if (!timers.isTimerActive(FlushReports.INSTANCE)) {
      timers.startSingleTimer(FlushReports.INSTANCE, REPORT_DELAY);
    }
  }

  private Behavior<Command> flushReports() {
    if (unreported.isEmpty()) {
      return this;
    }
    int[] indices = new int[unreported.size()];
    int[] crcs = new int[unreported.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = unreported.get(i)[0];
      crcs[i] = unreported.get(i)[1];
    }
    unreported.clear();
    ctx.peering().coordination().reportPieces(target.id(), indices, crcs);
    return this;
  }

  // ---- preparing the store

  private void probe() {
    getContext()
        .pipeToSelf(
            ctx.origin().open(target.request(), 0, 1),
            (response, error) -> error == null ? new Probed(response) : new Failed(error));
  }

  private Behavior<Command> onProbed(Probed probed) {
    OriginResponse response = probed.response();
    if (task != null || preparing) {
      response.body().runWith(Sink.cancelled(), ctx.materializer());
      return this;
    }
    if (response.resource().contentLength().isEmpty()) {
      response.body().runWith(Sink.cancelled(), ctx.materializer());
      return fail(
          new DownloadFailure(
              DownloadFailure.Kind.ORIGIN_UNAVAILABLE,
              "origin did not tell the length of "
                  + target.canonicalUrl()
                  + "; Darner needs Content-Length or Content-Range"));
    }
    contentType = response.resource().contentType();
    PieceLayout layout = PieceLayout.forLength(response.resource().contentLength().getAsLong());
    prepare(layout, Optional.of(response));
    return this;
  }

  private void prepareFromPeers(dev.darner.task.TaskMetadata metadata) {
    if (!preparing) {
      prepare(metadata.layout(), Optional.empty());
    }
  }

  private void prepare(PieceLayout layout, Optional<OriginResponse> response) {
    preparing = true;
    TaskMetadata metadata =
        new TaskMetadata(
            target.id(), target.canonicalUrl(), layout, target.digest(), Instant.now());
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(() -> createOrResume(metadata), ctx.io()),
            (created, error) -> {
              if (error != null) {
                response.ifPresent(r -> r.body().runWith(Sink.cancelled(), ctx.materializer()));
                return new Failed(error);
              }
              return new Prepared(response, created);
            });
  }

  private StoredTask createOrResume(TaskMetadata metadata) {
    try {
      return ctx.store().createOrResume(metadata);
    } catch (java.io.IOException e) {
      throw new CompletionException(e);
    }
  }

  private Behavior<Command> onPrepared(Prepared prepared) {
    if (mode != Mode.STARTING) {
      prepared.response().ifPresent(r -> r.body().runWith(Sink.cancelled(), ctx.materializer()));
      return this;
    }
    task = prepared.task();
    lease = task.acquire();
    PieceLayout layout = task.metadata().layout();
    queue = new PieceQueue(layout.pieceCount(), task.pieces());
    waiters.keySet().forEach(queue::want);
    mode = Mode.FETCHING;
    pendingOpens.forEach(replyTo -> replyTo.tell(new Ready(task, contentType)));
    pendingOpens.clear();
    if (target.digest().isPresent()) {
      hasher = new ContentHasher();
    }
    OriginResponse response = prepared.response().orElse(null);
    sequential = response != null && !response.resource().acceptsRanges() && response.offset() == 0;
    getContext()
        .getLog()
        .info(
            "Downloading task [{}] from {}: {} bytes in {} pieces, {} stored, {}",
            target.id().shortForm(),
            target.canonicalUrl(),
            layout.contentLength(),
            layout.pieceCount(),
            task.presentCount(),
            response == null
                ? "from peers"
                : sequential
                    ? "back-to-source in one stream (origin ignores ranges)"
                    : "back-to-source by range requests");
    if (response != null) {
      ctx.peering().coordination().reportMetadata(target.id(), clusterMetadata(task));
      if (sequential && !queue.isDone()) {
        storeSequential(response);
      } else {
        response.body().runWith(Sink.ignore(), ctx.materializer());
      }
    }
    fill();
    return afterProgress();
  }

  // ---- fetching

  private void fill() {
    if (mode != Mode.FETCHING) {
      return;
    }
    fillFromOrigin();
    fillFromPeers();
  }

  private void fillFromOrigin() {
    while (fromSource && !sequential && originInFlight < ctx.settings().originConcurrency()) {
      OptionalInt next = wholeTask ? queue.next(sourcePieces) : queue.nextWanted(sourcePieces);
      if (next.isEmpty()) {
        return;
      }
      int index = next.getAsInt();
      originInFlight++;
      getContext()
          .pipeToSelf(
              ctx.pieces().fetchPiece(target.request(), task, index),
              (crc, error) ->
                  error == null
                      ? new PieceStored(index, crc, Optional.empty())
                      : new PieceFailed(index, error));
    }
  }

  private void fillFromPeers() {
    if (!peers.hasParents()) {
      return;
    }
    Peering peering = ctx.peering();
    PieceLayout layout = task.metadata().layout();
    long now = System.currentTimeMillis();
    // A piece from a peer is held whole in memory until it is verified: bound what one task holds.
    int budget = (int) Math.max(1, ctx.settings().peerBuffer() / layout.pieceSize());
    for (PieceFetchPlanner.Assignment a :
        peers.plan(wholeTask ? queue.idle() : queue.idleWanted(), queue.streamPosition(), now)) {
      if (peerInFlight >= budget) {
        return;
      }
      peerInFlight++;
      int index = a.piece();
      HostId parent = a.parent();
      int crc = peers.crcOf(index).orElseThrow();
      queue.sent(index);
      peers.sent(parent);
      ExpectedPiece expected = new ExpectedPiece(target.id(), index, layout.length(index), crc);
      long started = System.nanoTime();
      ActorRef<Command> self = getContext().getSelf();
      AtomicBoolean received = new AtomicBoolean();
      // The parent's request slot frees as soon as the piece is in, not once it is stored: with
      // two requests per parent, waiting for the disk left the connection idle half the time.
      getContext()
          .pipeToSelf(
              peering
                  .client()
                  .fetch(parent, expected)
                  .thenApply(
                      piece -> {
                        received.set(true);
                        self.tell(new PieceReceived(parent));
                        return piece;
                      })
                  .thenApplyAsync(piece -> storeFromPeer(piece, peering, started), ctx.io()),
              (stored, error) ->
                  error == null
                      ? new PieceStored(index, crc, Optional.of(parent))
                      : new PeerPieceFailed(index, parent, error, received.get()));
    }
  }

  private int storeFromPeer(VerifiedPiece piece, Peering peering, long startedNanos) {
    try (PieceWriter writer = task.beginPiece(piece.index())) {
      for (ByteBuffer buffer : piece.bytes().getByteBuffers()) {
        writer.write(buffer);
      }
      int crc = writer.commit(OptionalInt.of(piece.crc32c()));
      peering.cache().offer(piece);
      peering.metrics().peerBytes(piece.length(), true);
      peering
          .metrics()
          .pieceDownloaded(Duration.ofNanos(System.nanoTime() - startedNanos), TrafficSource.PEER);
      return crc;
    } catch (java.io.IOException e) {
      throw new CompletionException(e);
    }
  }

  private void storeSequential(OriginResponse response) {
    ActorRef<Command> self = getContext().getSelf();
    getContext()
        .pipeToSelf(
            ctx.pieces()
                .storeSequential(
                    response,
                    task,
                    (index, crc) -> self.tell(new PieceStored(index, crc, Optional.empty()))),
            (done, error) -> new SequentialEnded(Optional.ofNullable(error)));
  }

  private Behavior<Command> onPieceStored(PieceStored stored) {
    if (stored.parent().isPresent()) {
      peerInFlight--;
    } else if (!sequential) {
      originInFlight--;
    }
    if (mode != Mode.FETCHING) {
      return this;
    }
    queue.stored(stored.index());
    peers.knowCrc(stored.index(), stored.crc());
    report(stored.index(), stored.crc());
    answerReadable(stored.index());
    fill();
    return afterProgress();
  }

  private Behavior<Command> onPieceFailed(PieceFailed failed) {
    if (mode != Mode.FETCHING) {
      originInFlight--;
      return this;
    }
    int tries = attempts.merge(failed.index(), 1, Integer::sum);
    if (!FailureKinds.isTransient(failed.cause()) || tries >= ctx.settings().pieceAttempts()) {
      originInFlight--;
      return fail(failed.cause());
    }
    getContext()
        .getLog()
        .debug(
            "Piece {} of task [{}] failed (try {}), retrying: {}",
            failed.index(),
            target.id().shortForm(),
            tries,
            failed.cause().toString());
    // The piece keeps its origin slot through the backoff, so retries do not crowd out the rest.
    timers.startSingleTimer(new RetryPiece(failed.index()), ctx.settings().backoff(tries));
    return this;
  }

  private Behavior<Command> onRetryPiece(RetryPiece retry) {
    originInFlight--;
    if (mode == Mode.FETCHING) {
      queue.failed(retry.index());
      fill();
    }
    return this;
  }

  private Behavior<Command> onPieceReceived(PieceReceived received) {
    peers.answered(received.parent());
    fill();
    return this;
  }

  private Behavior<Command> onPeerPieceFailed(PeerPieceFailed failed) {
    PeerView view = peers;
    peerInFlight--;
    if (!failed.received()) {
      view.answered(failed.parent());
    }
    if (mode != Mode.FETCHING) {
      return this;
    }
    if (failed.received()) {
      // The store could not take a verified piece (a full disk, an I/O error): another parent
      // would not change that.
      return fail(unwrap(failed.cause()));
    }
    Throwable cause = unwrap(failed.cause());
    var kind = view.failed(failed.parent(), cause, System.currentTimeMillis());
    if (kind == dev.darner.cluster.FailureKind.BAD_PIECE) {
      ctx.peering().metrics().verificationFailed();
    }
    getContext()
        .getLog()
        .debug(
            "Piece {} of task [{}] from parent [{}] failed: {}",
            failed.index(),
            target.id().shortForm(),
            failed.parent(),
            cause.toString());
    ctx.peering().coordination().reportFailure(target.id(), failed.parent(), failed.index(), kind);
    queue.failed(failed.index());
    fill();
    return this;
  }

  private Behavior<Command> onSequentialEnded(SequentialEnded ended) {
    if (mode != Mode.FETCHING || (ended.failure().isEmpty() && queue.isDone())) {
      return this;
    }
    Throwable cause =
        ended
            .failure()
            .orElseGet(() -> new java.io.IOException("origin body ended before the content did"));
    sequentialAttempts++;
    if (!FailureKinds.isTransient(cause) || sequentialAttempts >= ctx.settings().pieceAttempts()) {
      return fail(cause);
    }
    getContext()
        .getLog()
        .warn(
            "Sequential fetch of task [{}] broke off (try {}), starting again: {}",
            target.id().shortForm(),
            sequentialAttempts,
            cause.toString());
    timers.startSingleTimer(RestartSequential.INSTANCE, ctx.settings().backoff(sequentialAttempts));
    return this;
  }

  private Behavior<Command> onRestartSequential() {
    if (mode == Mode.FETCHING) {
      getContext()
          .pipeToSelf(
              ctx.origin().open(target.request(), 0, -1),
              (response, error) ->
                  error == null
                      ? new SequentialOpened(response)
                      : new SequentialEnded(Optional.of(error)));
    }
    return this;
  }

  private Behavior<Command> onSequentialOpened(OriginResponse response) {
    if (mode == Mode.FETCHING) {
      storeSequential(response);
    } else {
      response.body().runWith(Sink.cancelled(), ctx.materializer());
    }
    return this;
  }

  // ---- verification and completion

  private Behavior<Command> afterProgress() {
    if (mode != Mode.FETCHING) {
      return this;
    }
    if (target.digest().isPresent()) {
      hashNext();
    } else if (queue.isDone()) {
      complete();
    }
    stopWhenIdle();
    return this;
  }

  private void hashNext() {
    if (hasher == null) {
      return;
    }
    if (hasher.next() == task.metadata().layout().pieceCount()) {
      verify();
      return;
    }
    if (queue.isMissing(hasher.next())) {
      return;
    }
    ContentHasher running = hasher;
    hasher = null;
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(() -> hashNext(running), ctx.io()),
            (done, error) -> error == null ? new Hashed(done) : new Failed(error));
  }

  private ContentHasher hashNext(ContentHasher running) {
    try {
      return running.hashNext(task);
    } catch (java.io.IOException e) {
      throw new CompletionException(e);
    }
  }

  private Behavior<Command> onHashed(Hashed hashed) {
    if (mode != Mode.FETCHING) {
      return this;
    }
    hasher = hashed.hasher();
    hashNext();
    return this;
  }

  private void verify() {
    Digest expected = target.digest().orElseThrow();
    Digest actual = hasher.digest();
    hasher = null;
    if (actual.equals(expected)) {
      complete();
      return;
    }
    task.discardPieces();
    fail(
        new DownloadFailure(
            DownloadFailure.Kind.DIGEST_MISMATCH,
            "content of "
                + target.canonicalUrl()
                + " has digest "
                + actual
                + " but "
                + expected
                + " was expected; nothing was kept"));
  }

  private void complete() {
    getContext()
        .pipeToSelf(
            CompletableFuture.runAsync(task::markComplete, ctx.io()),
            (done, error) -> error == null ? new Completed() : new Failed(error));
  }

  private Behavior<Command> onCompleted() {
    if (mode != Mode.FETCHING) {
      return this;
    }
    mode = Mode.DONE;
    flushReports();
    ctx.peering().coordination().reportComplete(target.id());
    getContext()
        .getLog()
        .info(
            "Task [{}] complete: {} bytes{}",
            target.id().shortForm(),
            task.metadata().layout().contentLength(),
            target.digest().map(d -> ", verified " + d).orElse(""));
    List<Integer> waiting = new ArrayList<>(waiters.keySet());
    waiting.forEach(index -> answer(index, Optional.empty()));
    return finish();
  }

  private Behavior<Command> fail(Throwable cause) {
    if (mode == Mode.DONE || mode == Mode.FAILED) {
      return this;
    }
    mode = Mode.FAILED;
    failure = FailureKinds.classify(cause);
    getContext()
        .getLog()
        .warn("Task [{}] failed: {}", target.id().shortForm(), failure.getMessage());
    pendingOpens.forEach(replyTo -> replyTo.tell(new Refused(failure)));
    pendingOpens.clear();
    List<Integer> waiting = new ArrayList<>(waiters.keySet());
    waiting.forEach(index -> answer(index, Optional.of(failure)));
    ctx.peering().coordination().leave(target.id());
    return finish();
  }

  private Behavior<Command> finish() {
    onGone.accept(Optional.ofNullable(failure));
    releaseLease();
    timers.cancel(Poll.INSTANCE);
    timers.startSingleTimer(LingerOver.INSTANCE, ctx.settings().linger());
    return this;
  }

  private boolean isReadable(int index, boolean partialRead) {
    if (mode == Mode.DONE) {
      return true;
    }
    if (mode != Mode.FETCHING || queue.isMissing(index)) {
      return false;
    }
    boolean heldBack =
        !partialRead && target.digest().isPresent() && index == queue.pieceCount() - 1;
    return !heldBack;
  }

  /** Tells the waiters of stored piece {@code index} that may read it now. */
  private void answerReadable(int index) {
    List<AwaitPiece> waiting = waiters.get(index);
    if (waiting == null) {
      return;
    }
    waiting.removeIf(
        await -> {
          if (!isReadable(index, await.partialRead())) {
            return false;
          }
          await.replyTo().tell(new PieceReady(index, Optional.empty()));
          return true;
        });
    if (waiting.isEmpty()) {
      waiters.remove(index);
    }
  }

  private void answer(int index, Optional<DownloadFailure> outcome) {
    List<AwaitPiece> waiting = waiters.remove(index);
    if (waiting != null) {
      waiting.forEach(await -> await.replyTo().tell(new PieceReady(index, outcome)));
    }
  }

  private Behavior<Command> onPostStop() {
    if (mode == Mode.STARTING || mode == Mode.FETCHING) {
      onGone.accept(Optional.empty());
    }
    releaseLease();
    return this;
  }

  private void releaseLease() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }

  private static dev.darner.task.TaskMetadata clusterMetadata(StoredTask stored) {
    TaskMetadata m = stored.metadata();
    return new dev.darner.task.TaskMetadata(
        m.layout().contentLength(), m.layout().pieceSize(), m.digest());
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
