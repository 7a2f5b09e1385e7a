package dev.darner.download;

import dev.darner.api.Download;
import dev.darner.api.DownloadFailure;
import dev.darner.api.DownloadRequest;
import dev.darner.api.DownloadService;
import dev.darner.cluster.SeedProgress;
import dev.darner.metrics.NodeMetrics;
import dev.darner.origin.Origin;
import dev.darner.origin.OriginRequest;
import dev.darner.storage.PieceStore;
import dev.darner.storage.StoredTask;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskIds;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.Materializer;

/**
 * The node's {@link DownloadService}: serves a complete task from the store, and otherwise starts
 * the task's {@link TaskDownloader} or joins the one already running, so that any number of clients
 * of one task cost the origin one download.
 */
public final class NodeDownloads implements DownloadService {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(NodeDownloads.class);

  /** How many failed tasks a node remembers for preheats that poll their seed. */
  private static final int RECENT_FAILURES = 1024;

  /** The dispatcher that blocking file I/O runs on. */
  public static final String IO_DISPATCHER = "darner.blocking-io-dispatcher";

  private final ActorSystem<?> system;
  private final PieceStore store;
  private final DownloadSettings settings;
  private final TaskDownloader.Context context;
  private final NodeMetrics metrics;
  private final ConcurrentMap<TaskId, ActorRef<TaskDownloader.Command>> active =
      new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();
  private final RecentFailures failures = new RecentFailures(RECENT_FAILURES);

  private NodeDownloads(
      ActorSystem<?> system,
      PieceStore store,
      Origin origin,
      DownloadSettings settings,
      Peering peering,
      NodeMetrics metrics) {
    this.system = system;
    this.store = store;
    this.settings = settings;
    this.metrics = metrics;
    Executor io = system.dispatchers().lookup(DispatcherSelector.fromConfig(IO_DISPATCHER));
    Materializer materializer = Materializer.matFromSystem(system);
    this.context =
        new TaskDownloader.Context(
            store,
            origin,
            new OriginPieces(origin, materializer, io, IO_DISPATCHER, metrics),
            settings,
            io,
            materializer,
            peering);
  }

  /**
   * Returns the download service of a node that stores in {@code store} and takes pieces from its
   * peers through {@code peering}, going back to source when its coordinator says so.
   */
  public static NodeDownloads create(
      ActorSystem<?> system,
      PieceStore store,
      Origin origin,
      DownloadSettings settings,
      Peering peering,
      NodeMetrics metrics) {
    return new NodeDownloads(system, store, origin, settings, peering, metrics);
  }

  /**
   * Starts the download of the task a coordinator asked this seed to fetch, unless it is running or
   * complete; nobody reads it here, the peers of the AZ take it from this node.
   */
  public void fetchForPeers(String seedRequest) {
    DownloadRequest request;
    TaskId id;
    try {
      request = SeedRequest.decode(seedRequest).toDownloadRequest();
      id = id(request);
    } catch (IllegalArgumentException e) {
      log.warn("Seed request refused: {}", e.getMessage());
      return;
    }
    open(request)
        .whenComplete(
            (download, error) -> {
              if (error != null) {
                log.warn("Seed fetch of {} failed: {}", request.url(), error.getMessage());
                if (dev.darner.api.Failures.unwrap(error) instanceof DownloadFailure failure) {
                  failures.record(id, failure);
                }
              }
            });
  }

  /**
   * Starts the download of a task a preheat asked this seed, {@code self}, to fetch, unless it is
   * running or complete, and returns how far it got.
   *
   * @param retryFailed whether a failure remembered from an earlier download is forgotten and the
   *     download started again
   */
  public SeedProgress preheatForPeers(
      HostId self, TaskId task, String seedRequest, boolean retryFailed) {
    try {
      SeedRequest.decode(seedRequest).toDownloadRequest();
    } catch (IllegalArgumentException e) {
      return SeedProgress.failed(
          self, 0, -1, "the seed cannot read the request: " + e.getMessage());
    }
    if (retryFailed) {
      failures.forget(task);
    }
    Optional<SeedProgress> known = progress(self, task);
    if (known.isPresent()) {
      return known.get();
    }
    fetchForPeers(seedRequest);
    return progress(self, task).orElse(SeedProgress.running(self, 0, -1));
  }

  /** Returns how far this node got with {@code task}; empty when it neither has nor fetches it. */
  private Optional<SeedProgress> progress(HostId self, TaskId task) {
    Optional<StoredTask> stored = store.find(task);
    long total = stored.map(t -> t.metadata().layout().contentLength()).orElse(-1L);
    if (stored.isPresent() && stored.get().isComplete()) {
      return Optional.of(SeedProgress.complete(self, total));
    }
    long done =
        stored
            .map(t -> Math.min(total, (long) t.presentCount() * t.metadata().layout().pieceSize()))
            .orElse(0L);
    if (active.containsKey(task)) {
      return Optional.of(SeedProgress.running(self, done, total));
    }
    return failures
        .get(task)
        .map(failure -> SeedProgress.failed(self, done, total, failure.getMessage()));
  }

  private static TaskId id(DownloadRequest request) {
    return TaskIds.of(
        request.url(), request.digest(), request.ignoredQueryParameters(), request.tag());
  }

  @Override
  public CompletionStage<Download> open(DownloadRequest request) {
    return open(request, true);
  }

  @Override
  public CompletionStage<Download> openForRange(DownloadRequest request) {
    return open(request, false);
  }

  private CompletionStage<Download> open(DownloadRequest request, boolean wholeTask) {
    URI url;
    TaskId id;
    String canonical;
    try {
      url = TaskIds.parseHttpUrl(request.url());
      canonical = TaskIds.canonicalUrl(request.url(), request.ignoredQueryParameters());
      id =
          TaskIds.of(
              request.url(), request.digest(), request.ignoredQueryParameters(), request.tag());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new DownloadFailure(DownloadFailure.Kind.BAD_REQUEST, e.getMessage()));
    }
    Optional<StoredTask> complete = store.find(id).filter(StoredTask::isComplete);
    if (complete.isPresent()) {
      return CompletableFuture.completedFuture(download(complete.get(), Optional.empty(), null));
    }
    TaskDownloader.Target target =
        new TaskDownloader.Target(
            id,
            canonical,
            new OriginRequest(url, request.originHeaders()),
            request.digest(),
            SeedRequest.of(request).encode());
    ActorRef<TaskDownloader.Command> downloader = active.computeIfAbsent(id, k -> start(target));
    return AskPattern.<TaskDownloader.Command, TaskDownloader.Opened>ask(
            downloader,
            replyTo -> new TaskDownloader.Open(wholeTask, replyTo),
            settings.openTimeout(),
            system.scheduler())
        .thenApply(opened -> toDownload(opened, downloader));
  }

  /** Returns how many tasks are being downloaded now. */
  public int activeCount() {
    return active.size();
  }

  private ActorRef<TaskDownloader.Command> start(TaskDownloader.Target target) {
    String name = "download-" + target.id().shortForm() + "-" + started.incrementAndGet();
    ActorRef<TaskDownloader.Command>[] self = new ActorRef[1];
    self[0] =
        system.systemActorOf(
            TaskDownloader.create(
                context,
                target,
                outcome -> {
                  active.remove(target.id(), self[0]);
                  outcome.ifPresent(failure -> failures.record(target.id(), failure));
                }),
            name,
            Props.empty());
    return self[0];
  }

  private Download toDownload(
      TaskDownloader.Opened opened, ActorRef<TaskDownloader.Command> downloader) {
    if (opened instanceof TaskDownloader.Refused refused) {
      throw refused.failure();
    }
    TaskDownloader.Ready ready = (TaskDownloader.Ready) opened;
    return download(ready.task(), ready.contentType(), downloader);
  }

  private Download download(
      StoredTask task, Optional<String> contentType, ActorRef<TaskDownloader.Command> downloader) {
    return new StoredDownload(
        task,
        contentType,
        Optional.ofNullable(downloader),
        system.scheduler(),
        settings.pieceWait(),
        context.io(),
        settings.readChunkSize(),
        context.peering().cache(),
        metrics);
  }
}
