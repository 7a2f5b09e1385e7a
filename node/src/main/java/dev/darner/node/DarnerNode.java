package dev.darner.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.darner.api.ApiRoutes;
import dev.darner.api.ClusterRoutes;
import dev.darner.api.DownloadRoutes;
import dev.darner.api.HealthRoutes;
import dev.darner.api.HealthRoutes.Readiness;
import dev.darner.api.manage.ApiToken;
import dev.darner.api.manage.ManagementRoutes;
import dev.darner.api.manage.MetricsRoutes;
import dev.darner.api.mirror.MirrorRoutes;
import dev.darner.api.mirror.MirrorSettings;
import dev.darner.api.preheat.PreheatRoutes;
import dev.darner.api.preheat.PreheatSettings;
import dev.darner.api.preheat.Preheats;
import dev.darner.api.proxy.ProxyFront;
import dev.darner.api.proxy.ProxyRoutes;
import dev.darner.api.proxy.ProxySettings;
import dev.darner.api.proxy.UpstreamClient;
import dev.darner.cluster.ClusterOverview;
import dev.darner.cluster.ClusterTasks;
import dev.darner.cluster.CoordinationSettings;
import dev.darner.cluster.MemberControl;
import dev.darner.cluster.SeedFetcher;
import dev.darner.cluster.SeedProgress;
import dev.darner.cluster.TaskCoordination;
import dev.darner.download.DownloadSettings;
import dev.darner.download.NodeDownloads;
import dev.darner.download.NodePreheatSeeds;
import dev.darner.download.Peering;
import dev.darner.download.StoredPieces;
import dev.darner.metrics.ClusterMemberCounts;
import dev.darner.metrics.NodeMetrics;
import dev.darner.origin.HttpOrigin;
import dev.darner.origin.OriginSettings;
import dev.darner.storage.GcReport;
import dev.darner.storage.PieceStore;
import dev.darner.storage.StoreSettings;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.transfer.TransferSettings;
import dev.darner.transfer.fetch.PieceClient;
import dev.darner.transfer.fetch.PieceFetchPlanner;
import dev.darner.transfer.serve.LocalPieces;
import dev.darner.transfer.serve.PieceCache;
import dev.darner.transfer.serve.PieceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: its actor system, cluster membership, piece store, origin client and HTTP API,
 * wired together, with an orderly stop on coordinated shutdown (SIGTERM): the HTTP API stops taking
 * requests, in-flight answers get a deadline to finish, then the store is closed so every journal
 * is flushed.
 */
public final class DarnerNode {

  private static final Logger log = LoggerFactory.getLogger(DarnerNode.class);

  private final ActorSystem<Void> system;
  private final NodeSettings settings;
  private final PieceStore store;
  private final ServerBinding http;
  private ProxyFront proxy;

  private DarnerNode(
      ActorSystem<Void> system, NodeSettings settings, PieceStore store, ServerBinding http) {
    this.system = system;
    this.settings = settings;
    this.store = store;
    this.http = http;
  }

  /**
   * Starts a node with {@code config} and returns it once its HTTP API listens.
   *
   * @throws IOException when the store cannot be opened
   */
  public static DarnerNode start(Config config) throws IOException {
    return start(config, UnaryOperator.identity());
  }

  /**
   * Starts a node whose piece server serves what {@code served} makes of its stored pieces; tests
   * use it to make a node that lies to its peers.
   *
   * @throws IOException when the store cannot be opened
   */
  public static DarnerNode start(Config config, UnaryOperator<LocalPieces> served)
      throws IOException {
    NodeSettings settings = NodeSettings.fromConfig(config);
    Discovery discovery = Discovery.fromConfig(config);
    ApiToken token = ApiToken.of(settings.loopbackOnly(), ApiTokens.load(config, System.getenv()));
    Files.createDirectories(settings.dataDir());
    PieceStore store = PieceStore.open(StoreSettings.fromConfig(storageConfig(config, settings)));
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), NodeConfig.SYSTEM_NAME, config);
    try {
      discovery.start(system, settings);
      NodeMetrics metrics = NodeMetrics.create();
      OriginSettings originSettings = OriginSettings.fromConfig(config.getConfig("darner.origin"));
      HttpOrigin origin = HttpOrigin.create(system, originSettings);
      TransferSettings transfer = TransferSettings.create(system);
      // Pieces in the cache live on the heap for a fraction of a second: long enough to outlive a
      // young collection, so the collector moves them to the old generation, where they die. With
      // a quarter of a 256 MiB heap the old generation filled several times a second and a child
      // spent about a fifth of its time in full collections (bin/bench-p2p, -Xlog:gc); a
      // sixteenth of the heap cut those from 64 to 4 per run and the child's time by a fifth.
      long cacheBytes =
          Math.min(transfer.cache().maxBytes(), Runtime.getRuntime().maxMemory() / 16);
      PieceCache cache = PieceCache.create(cacheBytes);
      int chunk = transfer.server().fileChunkSize();
      PieceServer pieceServer =
          PieceServer.bind(
                  system,
                  transfer,
                  served.apply(
                      countedUploads(
                          cache.inFrontOf(new StoredPieces(store, chunk), chunk), metrics)))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      HostId self = HostId.of(settings.advertiseHost(), pieceServer.localAddress().getPort());
      NodeDownloads[] downloadsRef = new NodeDownloads[1];
      TaskCoordination coordination =
          TaskCoordination.init(
              system,
              CoordinationSettings.create(system),
              self,
              settings.seed(),
              new SeedFetcher() {
                @Override
                public void fetch(TaskId task, String seedRequest) {
                  downloadsRef[0].fetchForPeers(seedRequest);
                }

                @Override
                public SeedProgress preheat(
                    HostId host, TaskId task, String seedRequest, boolean retryFailed) {
                  return downloadsRef[0].preheatForPeers(host, task, seedRequest, retryFailed);
                }
              });
      PieceClient pieceClient = PieceClient.create(system, transfer);
      Peering peering =
          new Peering(
              coordination,
              pieceClient,
              cache,
              () -> PieceFetchPlanner.create(transfer.client(), System.nanoTime()),
              Duration.ofSeconds(10),
              metrics);
      NodeDownloads downloads =
          NodeDownloads.create(
              system, store, origin, DownloadSettings.fromConfig(config), peering, metrics);
      downloadsRef[0] = downloads;
      AutoCloseable heartbeats =
          coordination.startHeartbeats(new HeartbeatSource(settings)::heartbeat);
      ClusterTasks clusterTasks =
          ClusterTasks.start(
              system,
              self,
              () -> NodeTasks.held(store),
              CoordinationSettings.create(system).askTimeout());
      metrics.bindActiveTasks(downloads::activeCount);
      metrics.bindStore(
          store::usedBytes, store.settings().quotaBytes(), () -> store.tasks().size());
      metrics.bindUploadSlots(
          pieceServer::uploadsInProgress, transfer.server().maxConcurrentUploads());
      metrics.bindClusterMembers(() -> ClusterMemberCounts.of(system));
      AutoCloseable gcMetrics = metrics.bindGarbageCollection();
      if (token.refusesAll()) {
        log.warn(
            "Management changes are refused: the node listens on {} without an API token",
            settings.bindHost());
      }
      UpstreamClient upstream =
          UpstreamClient.create(
              system, originSettings.maxConnectionsPerHost(), originSettings.responseTimeout());
      MirrorSettings mirrorSettings = MirrorSettings.fromConfig(config);
      Preheats preheats =
          Preheats.create(
              system,
              new NodePreheatSeeds(coordination),
              upstream,
              mirrorSettings,
              PreheatSettings.fromConfig(config));
      ProxySettings proxySettings = ProxySettings.fromConfig(config);
      DarnerNode[] node = new DarnerNode[1];
      ServerBinding binding =
          Http.get(system)
              .newServerAt(settings.bindHost(), settings.httpPort())
              .bind(
                  ApiRoutes.of(
                      List.of(
                          ProxyRoutes.create(downloads, upstream, proxySettings),
                          HealthRoutes.create(() -> node[0].readiness()),
                          ClusterRoutes.create(() -> ClusterOverview.read(system)),
                          ManagementRoutes.create(
                              new NodeTasks(
                                  store,
                                  clusterTasks,
                                  metrics,
                                  downloads::activeCount,
                                  self,
                                  settings.az()),
                              new NodeMembers(MemberControl.of(system)),
                              token),
                          MetricsRoutes.create(metrics::scrape),
                          DownloadRoutes.create(downloads),
                          PreheatRoutes.create(preheats, token),
                          MirrorRoutes.create(downloads, upstream, mirrorSettings))))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      node[0] = new DarnerNode(system, settings, store, binding);
      if (proxySettings.enabled()) {
        node[0].proxy =
            ProxyFront.start(
                    system,
                    proxySettings,
                    settings.bindHost(),
                    settings.loopbackOnly() ? settings.bindHost() : "127.0.0.1",
                    binding.localAddress().getPort())
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
      }
      node[0].scheduleGarbageCollection();
      node[0].registerShutdown(
          () -> {
            gcMetrics.close();
            heartbeats.close();
          },
          pieceServer,
          pieceClient);
      log.info(
          "Darner node up in AZ [{}] as {} [{}]: HTTP on {}, data in {}",
          settings.az(),
          settings.seed() ? "seed peer" : "peer",
          self,
          binding.localAddress(),
          settings.dataDir());
      return node[0];
    } catch (Exception e) {
      system.terminate();
      store.close();
      throw new IOException("node failed to start: " + e.getMessage(), e);
    }
  }

  /** Returns {@code pieces} counting every piece it hands the server to upload. */
  private static LocalPieces countedUploads(LocalPieces pieces, NodeMetrics metrics) {
    return (task, index) -> {
      var piece = pieces.open(task, index);
      piece.ifPresent(p -> metrics.uploadedBytes(p.length()));
      return piece;
    };
  }

  private static Config storageConfig(Config config, NodeSettings settings) {
    Config storage = config.getConfig("darner.storage");
    if (!storage.getString("dir").isBlank()) {
      return storage;
    }
    String dir = settings.dataDir().resolve("store").toString();
    return storage.withValue("dir", ConfigValueFactory.fromAnyRef(dir));
  }

  /** Returns the actor system of this node. */
  public ActorSystem<Void> system() {
    return system;
  }

  /** Returns the port the HTTP API listens on (useful when configured as 0). */
  public int httpPort() {
    return http.localAddress().getPort();
  }

  /** Returns the port the proxy front listens on, or -1 when the node is no proxy. */
  public int proxyPort() {
    return proxy == null ? -1 : proxy.port();
  }

  /** Returns the settings this node runs with. */
  public NodeSettings settings() {
    return settings;
  }

  /** Returns a stage that completes when the node has stopped. */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /** Stops the node as SIGTERM would, and returns when it has stopped. */
  public CompletionStage<Done> stop() {
    return CoordinatedShutdown.get(system)
        .runAll(CoordinatedShutdown.unknownReason())
        .thenCompose(done -> system.getWhenTerminated());
  }

  private Readiness readiness() {
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return Readiness.no(
          "not yet up in the cluster: " + Cluster.get(system).selfMember().status());
    }
    if (!Files.isWritable(settings.dataDir())) {
      return Readiness.no("data directory is not writable: " + settings.dataDir());
    }
    return Readiness.yes();
  }

  private void scheduleGarbageCollection() {
    Duration every = settings.gcInterval();
    system
        .scheduler()
        .scheduleWithFixedDelay(
            every,
            every,
            () -> {
              GcReport report = store.collectGarbage(Instant.now());
              if (!report.evicted().isEmpty()) {
                log.info(
                    "Garbage collection evicted {} tasks, freeing {} bytes",
                    report.evicted().size(),
                    report.freedBytes());
              }
            },
            system
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig(NodeDownloads.IO_DISPATCHER)));
  }

  private void registerShutdown(
      AutoCloseable heartbeats, PieceServer pieceServer, PieceClient pieceClient) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "darner-piece-server-unbind",
        () -> {
          pieceClient.close();
          return pieceServer.unbind();
        });
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "darner-heartbeats-stop",
        () -> {
          try {
            heartbeats.close();
          } catch (Exception e) {
            log.warn("Stopping heartbeats failed", e);
          }
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "darner-http-unbind",
        () -> http.unbind().thenApply(done -> Done.getInstance()));
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "darner-http-drain",
        () -> http.terminate(Duration.ofSeconds(5)).thenApply(terminated -> Done.getInstance()));
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "darner-store-close",
        () -> {
          Http.get(system).shutdownAllConnectionPools();
          store.close();
          log.info("Darner node stopped; store closed cleanly");
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }
}
