package dev.darner.metrics;

import dev.darner.api.manage.Traffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The metrics of one node, in one Micrometer registry rendered in the Prometheus text format.
 *
 * <p>The download and transfer code call the small methods below as bytes and pieces move; each is
 * a counter increment or a timer record, cheap enough for every chunk. Gauges of things other parts
 * own (active tasks, upload slots, the store, the cluster) are bound once at start-up and read at
 * each scrape. The traffic counters also feed {@code darner stat} through {@link #traffic()}.
 *
 * <p>Safe for use from many threads.
 */
public final class NodeMetrics {

  /**
   * Upper bounds of the piece duration histograms: a 4 MiB piece takes milliseconds on loopback,
   * about a third of a second at 100 Mbit/s, and seconds from a slow origin.
   */
  private static final Duration[] PIECE_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(25),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry;
  private final Map<TrafficSource, Counter> traffic = new EnumMap<>(TrafficSource.class);
  private final Map<TrafficSource, Timer> pieceDownloads = new EnumMap<>(TrafficSource.class);
  private final Counter uploaded;
  private final Timer pieceUploads;
  private final Counter backToSource;
  private final Counter verificationFailures;
  private final AtomicInteger activePeers = new AtomicInteger();
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  private NodeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // Two of Micrometer's processor meters break Prometheus's naming rules, which promtool
    // enforces: a "_count" suffix on a gauge, and nanoseconds in a name. The CPU usage gauges
    // say the same in proper form.
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count")
                    ? id.withName("system.cpu.cores")
                    : id;
              }
            });
    for (TrafficSource source : TrafficSource.values()) {
      traffic.put(
          source,
          Counter.builder("darner.traffic.bytes")
              .baseUnit("bytes")
              .description(
                  "Bytes this node fetched (origin, peer, cross_az) or served from its store"
                      + " (local)")
              .tag("source", source.label())
              .register(registry));
    }
    for (TrafficSource source :
        List.of(TrafficSource.ORIGIN, TrafficSource.PEER, TrafficSource.CROSS_AZ)) {
      pieceDownloads.put(
          source,
          Timer.builder("darner.piece.download")
              .description("Time to fetch, verify and store one piece, by where it came from")
              .tag("source", source.label())
              .serviceLevelObjectives(PIECE_BUCKETS)
              .register(registry));
    }
    this.uploaded =
        Counter.builder("darner.uploaded.bytes")
            .baseUnit("bytes")
            .description("Bytes of pieces this node sent to other peers")
            .register(registry);
    this.pieceUploads =
        Timer.builder("darner.piece.upload")
            .description("Time to send one piece to a child peer")
            .serviceLevelObjectives(PIECE_BUCKETS)
            .register(registry);
    this.backToSource =
        Counter.builder("darner.back.to.source")
            .description(
                "Requests this node made to origins: one per piece, or one per sequential body")
            .register(registry);
    this.verificationFailures =
        Counter.builder("darner.verification.failures")
            .description("Pieces or whole tasks that did not match their checksum or digest")
            .register(registry);
    Gauge.builder("darner.active.peers", activePeers, AtomicInteger::get)
        .description("Peer connections open now, to parents and from children")
        .register(registry);
  }

  /** Returns the metrics of a node, with the JVM's own metrics bound too. */
  public static NodeMetrics create() {
    NodeMetrics metrics = new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    new JvmMemoryMetrics().bindTo(metrics.registry);
    new JvmThreadMetrics().bindTo(metrics.registry);
    new ProcessorMetrics().bindTo(metrics.registry);
    new UptimeMetrics().bindTo(metrics.registry);
    return metrics;
  }

  /** Returns metrics without the JVM's, for tests that count exactly. */
  static NodeMetrics bare() {
    return new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Counts {@code bytes} fetched from an origin and written to the store. */
  public void originBytes(long bytes) {
    traffic.get(TrafficSource.ORIGIN).increment(bytes);
  }

  /**
   * Counts {@code bytes} of verified pieces fetched from a parent peer; {@code sameAz} tells
   * whether the parent is in this host's AZ. To be called by the peer transfer where a piece is
   * stored.
   */
  public void peerBytes(long bytes, boolean sameAz) {
    traffic.get(sameAz ? TrafficSource.PEER : TrafficSource.CROSS_AZ).increment(bytes);
  }

  /** Counts {@code bytes} served to a client from a task the store held whole when asked. */
  public void localBytes(long bytes) {
    traffic.get(TrafficSource.LOCAL).increment(bytes);
  }

  /** Counts {@code bytes} of pieces sent to a child peer. To be called by the piece server. */
  public void uploadedBytes(long bytes) {
    uploaded.increment(bytes);
  }

  /**
   * Records that one piece took {@code took} to fetch from {@code source}, verify and store.
   *
   * @throws IllegalArgumentException when {@code source} is {@link TrafficSource#LOCAL}
   */
  public void pieceDownloaded(Duration took, TrafficSource source) {
    Timer timer = pieceDownloads.get(Objects.requireNonNull(source, "source"));
    if (timer == null) {
      throw new IllegalArgumentException("a piece is never downloaded from " + source);
    }
    timer.record(took);
  }

  /** Records that sending one piece to a child took {@code took}. To be called by the server. */
  public void pieceUploaded(Duration took) {
    pieceUploads.record(took);
  }

  /** Counts one request to an origin. */
  public void backToSource() {
    backToSource.increment();
  }

  /** Counts one piece or task that failed its checksum or digest. */
  public void verificationFailed() {
    verificationFailures.increment();
  }

  /** Adds {@code delta} (negative when they close) to the peer connections open now. */
  public void peersChanged(int delta) {
    activePeers.addAndGet(delta);
  }

  /** Reports the tasks being downloaded now as {@code active} says at each scrape. */
  public void bindActiveTasks(IntSupplier active) {
    Gauge.builder("darner.active.tasks", active, IntSupplier::getAsInt)
        .description("Tasks being downloaded now")
        .strongReference(true)
        .register(registry);
  }

  /** Reports the upload slots in use and their maximum as the piece server says at each scrape. */
  public void bindUploadSlots(IntSupplier inUse, int max) {
    Gauge.builder("darner.upload.slots.used", inUse, IntSupplier::getAsInt)
        .description("Upload slots taken by pieces being sent now")
        .strongReference(true)
        .register(registry);
    Gauge.builder("darner.upload.slots.max", () -> max)
        .description("Pieces this host uploads at once at most")
        .register(registry);
  }

  /**
   * Reports the store's usage, its quota and its task count as the suppliers say at each scrape.
   */
  public void bindStore(LongSupplier usedBytes, long quotaBytes, IntSupplier tasks) {
    Gauge.builder("darner.store.used", usedBytes, LongSupplier::getAsLong)
        .baseUnit("bytes")
        .description("Bytes the store's tasks reserve")
        .strongReference(true)
        .register(registry);
    Gauge.builder("darner.store.quota", () -> quotaBytes)
        .baseUnit("bytes")
        .description("Bytes the store may hold at most")
        .register(registry);
    Gauge.builder("darner.store.tasks", tasks, IntSupplier::getAsInt)
        .description("Tasks in the store, whole or partial")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Reports the cluster's members by AZ and status, as {@code counts} says at each scrape. Rows
   * that disappear (a status nobody has any more) are removed, so no stale series lingers.
   */
  public void bindClusterMembers(Supplier<Map<AzStatus, Integer>> counts) {
    MultiGauge members =
        MultiGauge.builder("darner.cluster.members")
            .description("Cluster members this node sees, by AZ and membership status")
            .register(registry);
    beforeScrape.add(
        () -> {
          List<MultiGauge.Row<?>> rows = new ArrayList<>();
          counts
              .get()
              .forEach(
                  (key, count) ->
                      rows.add(
                          MultiGauge.Row.of(
                              Tags.of("az", key.az(), "status", key.status()), count)));
          members.register(rows, true);
        });
  }

  /** Returns the bytes moved so far, by source. */
  public Traffic traffic() {
    return new Traffic(
        count(TrafficSource.ORIGIN),
        count(TrafficSource.PEER),
        count(TrafficSource.CROSS_AZ),
        count(TrafficSource.LOCAL),
        (long) uploaded.count());
  }

  /** Returns every metric in the Prometheus text format 0.0.4. */
  public String scrape() {
    beforeScrape.forEach(Runnable::run);
    return registry.scrape();
  }

  /** Binds the JVM's garbage collection metrics; they hold a listener until the node stops. */
  public AutoCloseable bindGarbageCollection() {
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc;
  }

  private long count(TrafficSource source) {
    return (long) traffic.get(source).count();
  }

  /** One row of the cluster member gauge: an AZ and a membership status in lower case. */
  public record AzStatus(String az, String status) {}
}
