package dev.darner.simulation;

import dev.darner.cluster.CoordinationSettings;
import dev.darner.cluster.FailureKind;
import dev.darner.cluster.HostHeartbeat;
import dev.darner.coordinator.TaskState.Decision;
import dev.darner.coordinator.TaskState.Parents;
import dev.darner.coordinator.TaskState.Source;
import dev.darner.download.TaskDownloader;
import dev.darner.schedule.CrossAzPolicy;
import dev.darner.schedule.ParentSelector.Ranked;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One discrete-event simulation run: every host of a {@link Scenario} pulls one task, asking its
 * AZ's coordinator rules for parents at the real poll interval, fetching pieces from them (or from
 * the origin when the rules send it back to source) over a simulated network, in simulated time.
 *
 * <p>Bandwidth is shared by reservation: a piece transfer starts at the bandwidth its sender and
 * its receiver (and the AZ-to-AZ link or the origin) still have free, never less than one slot's
 * share, keeps that rate until its bytes have left, and arrives one latency later. A host out of
 * upload slots queues the child that asked and wakes it when a slot frees. Failures are real to the
 * rules: a dead host stops heartbeats, so the host table drops it after the host timeout; children
 * that reach for it report it, which feeds the block list.
 */
public final class Simulation {

  private static final int JOIN = 0;
  private static final int POLL = 1;
  private static final int SENT = 2;
  private static final int ARRIVED = 3;
  private static final int TICK = 4;
  private static final int KILL = 5;
  private static final int SEED_LOSS = 6;
  private static final int PROBED = 7;
  private static final int FLUSH = 8;

  /**
   * Pieces a host gathers before it reports them at once, and how long it holds back a smaller
   * batch: the node's downloader's own values, so a parent's new pieces reach the coordinator, and
   * through it the next children that poll, as soon as they would from a node.
   */
  private static final int REPORT_BATCH = TaskDownloader.REPORT_BATCH;

  private static final double REPORT_DELAY = TaskDownloader.REPORT_DELAY.toNanos() / 1e9;

  private final Scenario scenario;
  private final CoordinationSettings settings;
  private final TaskId task;
  private final TaskMetadata metadata;
  private final int pieceCount;
  private final int pieceSize;
  private final int words;
  private final SimHost[] hosts;
  private final Zone[] zones;
  private final Map<HostId, Integer> byId = new HashMap<>();
  private final EventQueue events = new EventQueue();
  private final Transfers transfers = new Transfers();
  private final SplittableRandom random;
  private final PieceChooser chooser;
  private final long[] originUsed;
  private final long[][] linkUsed;
  private final long[] originBytes;
  private final List<Set<Integer>> backToSource = new ArrayList<>();
  private final double pollSeconds;
  private final double tickSeconds;
  private long crossZoneBytes;
  private long peerBytes;
  private long pieceTransfers;
  private long polls;
  private long reports;
  private int remaining;
  private double now;

  /** Prepares a run of {@code scenario} under the coordination {@code settings}. */
  public Simulation(Scenario scenario, CoordinationSettings settings) {
    this.scenario = scenario;
    this.settings = settings;
    this.task = taskId(scenario.name());
    this.metadata = TaskMetadata.of(scenario.contentLength(), Optional.empty());
    this.pieceCount = metadata.pieceCount();
    this.pieceSize = metadata.pieceSize();
    this.words = (pieceCount + 63) >>> 6;
    this.random = new SplittableRandom(scenario.randomSeed());
    this.chooser = new PieceChooser(pieceCount, scenario.inOrderWindow(), random.split());
    this.pollSeconds = settings.pollInterval().toMillis() / 1000.0;
    this.tickSeconds =
        Math.min(settings.heartbeatInterval().toMillis(), settings.hostRefreshInterval().toMillis())
            / 1000.0;
    int z = scenario.zones();
    this.zones = new Zone[z];
    for (int i = 0; i < z; i++) {
      zones[i] = new Zone(i, task, settings, random.split());
      backToSource.add(new LinkedHashSet<>());
    }
    this.originUsed = new long[z];
    this.originBytes = new long[z];
    this.linkUsed = new long[z][z];
    int maxParents = settings.maxParents();
    this.hosts = new SimHost[scenario.hosts() + z * scenario.seedsPerZone()];
    for (int i = 0; i < scenario.hosts(); i++) {
      HostId id = HostId.of("10." + (i % z) + "." + ((i >>> 8) & 255) + "." + (i & 255), 65002);
      hosts[i] =
          new SimHost(
              i,
              i % z,
              false,
              id,
              scenario.peerUp(),
              scenario.peerDown(),
              scenario.peerUploadSlots(),
              scenario.downloadSlots(),
              words,
              maxParents);
    }
    for (int i = scenario.hosts(); i < hosts.length; i++) {
      int seed = i - scenario.hosts();
      int zone = seed / scenario.seedsPerZone();
      HostId id =
          HostId.of("seed-" + zones[zone].name + "-" + seed % scenario.seedsPerZone(), 65002);
      hosts[i] =
          new SimHost(
              i,
              zone,
              true,
              id,
              scenario.seedUp(),
              scenario.seedDown(),
              scenario.seedUploadSlots(),
              scenario.downloadSlots(),
              words,
              maxParents);
    }
    for (SimHost host : hosts) {
      byId.put(host.id, host.index);
    }
  }

  /** Runs the scenario to the end and returns what it measured. */
  public SimulationResult run() {
    long started = System.nanoTime();
    for (Zone zone : zones) {
      schedule(0, TICK, zone.index);
    }
    double[] joins = new double[scenario.hosts()];
    for (int i = 0; i < scenario.hosts(); i++) {
      joins[i] = random.nextDouble() * scenario.joinSpread();
      schedule(joins[i], JOIN, i);
    }
    int[] zoneOf = new int[scenario.hosts()];
    for (int i = 0; i < zoneOf.length; i++) {
      zoneOf[i] = hosts[i].zone;
    }
    LowerBound bound = LowerBound.of(scenario, pieceSize, joins, zoneOf);
    boolean[] died = new boolean[scenario.hosts()];
    for (int i = 0; i < scenario.hosts(); i++) {
      if (random.nextDouble() < scenario.hostFailures()) {
        died[i] = true;
        schedule(joins[i] + random.nextDouble() * (bound.max() - joins[i]), KILL, i);
      }
    }
    if (scenario.seedLossAt() >= 0) {
      schedule(scenario.seedLossAt(), SEED_LOSS, 0);
    }
    remaining = scenario.hosts();
    double deadline = 20 * bound.max() + 600;
    while (remaining > 0 && !events.isEmpty()) {
      long event = events.pop();
      now = events.lastTime();
      if (now > deadline) {
        break;
      }
      handle((int) (event >>> 32), (int) event);
    }
    return result(joins, zoneOf, died, bound, (System.nanoTime() - started) / 1e9);
  }

  private void handle(int kind, int id) {
    switch (kind) {
      case JOIN -> join(hosts[id]);
      case POLL -> {
        SimHost host = hosts[id];
        if (host.alive && !host.complete) {
          poll(host);
          schedule(now + pollSeconds, POLL, id);
        }
      }
      case SENT -> sent(id);
      case ARRIVED -> arrived(id);
      case TICK -> {
        tick(zones[id]);
        schedule(now + tickSeconds, TICK, id);
      }
      case KILL -> kill(hosts[id]);
      case SEED_LOSS -> {
        for (Zone zone : zones) {
          zone.rules.backToSource().map(byId::get).ifPresent(i -> kill(hosts[i]));
        }
      }
      case PROBED -> probed(hosts[id]);
      case FLUSH -> flush(hosts[id]);
      default -> throw new IllegalStateException("unknown event kind " + kind);
    }
  }

  private void schedule(double time, int kind, int id) {
    events.push(time, ((long) kind << 32) | (id & 0xffffffffL));
  }

  private void join(SimHost host) {
    if (host.joined || !host.alive) {
      return;
    }
    host.joined = true;
    host.joinedAt = now;
    schedule(now, POLL, host.index);
  }

  private void poll(SimHost host) {
    Zone zone = zones[host.zone];
    long millis = millis();
    reportNewPieces(host, zone, millis);
    Decision decision =
        zone.rules.register(
            host.id,
            host.seed,
            host.metadataKnown ? Optional.of(metadata) : Optional.empty(),
            host.have,
            millis);
    polls++;
    zone.seedToAsk(millis).map(byId::get).ifPresent(seed -> join(hosts[seed]));
    if (decision instanceof Source source) {
      setParents(host, source.parents());
      startSourcing(host, source.toFetch());
    } else if (decision instanceof Parents parents) {
      setParents(host, parents.parents());
      host.sourcing = false;
      host.metadataKnown = true;
    } else {
      return;
    }
    fill(host);
  }

  private void reportNewPieces(SimHost host, Zone zone, long millis) {
    host.unreported = 0;
    int count = 0;
    for (int w = 0; w < words; w++) {
      count += Long.bitCount(host.have[w] & ~host.reported[w]);
    }
    if (count == 0) {
      return;
    }
    int[] pieces = new int[count];
    int[] crcs = new int[count];
    int n = 0;
    for (int w = 0; w < words; w++) {
      long fresh = host.have[w] & ~host.reported[w];
      host.reported[w] |= fresh;
      while (fresh != 0) {
        int piece = (w << 6) + Long.numberOfTrailingZeros(fresh);
        fresh &= fresh - 1;
        pieces[n] = piece;
        crcs[n++] = crcOf(piece);
      }
    }
    zone.rules.reportPieces(host.id, pieces, crcs, millis);
    reports++;
  }

  /** Counts a piece {@code host} gained towards its next report, and reports when one is due. */
  private void gained(SimHost host) {
    if (++host.unreported >= REPORT_BATCH) {
      reportNewPieces(host, zones[host.zone], millis());
    } else if (!host.flushPending) {
      host.flushPending = true;
      schedule(now + REPORT_DELAY, FLUSH, host.index);
    }
  }

  private void flush(SimHost host) {
    host.flushPending = false;
    if (host.alive && !host.complete && host.unreported > 0) {
      reportNewPieces(host, zones[host.zone], millis());
    }
  }

  private void setParents(SimHost host, List<Ranked> ranked) {
    int n = 0;
    for (Ranked parent : ranked) {
      Integer index = byId.get(parent.parent().host());
      if (index == null || n == host.parents.length) {
        continue;
      }
      long[] known = parent.parent().pieces();
      long[] copy = host.parentPieces[n];
      Arrays.fill(copy, 0);
      System.arraycopy(known, 0, copy, 0, Math.min(known.length, words));
      host.parents[n++] = index;
      if (scenario.announcePieces()) {
        hosts[index].addChild(host.index);
      }
    }
    host.parentCount = n;
  }

  private void startSourcing(SimHost host, long[] toFetch) {
    backToSource.get(host.zone).add(host.index);
    host.sourcing = true;
    if (!host.metadataKnown) {
      schedule(now + scenario.originLatency(), PROBED, host.index);
      return;
    }
    Arrays.fill(host.toFetch, 0);
    System.arraycopy(toFetch, 0, host.toFetch, 0, Math.min(toFetch.length, words));
    host.remoteSource = remoteSource(host);
  }

  /** The back-to-source peer learned the content's length from the origin and reports it. */
  private void probed(SimHost host) {
    if (!host.alive) {
      return;
    }
    zones[host.zone].rules.adoptMetadata(metadata);
    host.metadataKnown = true;
    Arrays.fill(host.toFetch, -1L);
    trim(host.toFetch);
    host.remoteSource = remoteSource(host);
    fill(host);
  }

  private int remoteSource(SimHost host) {
    if (!host.seed || scenario.policy() == CrossAzPolicy.ORIGIN) {
      return -1;
    }
    List<HostId> remote = new ArrayList<>();
    for (Zone zone : zones) {
      if (zone.index != host.zone) {
        zone.table.holding(task).ifPresent(h -> remote.addAll(h.holders()));
      }
    }
    List<HostId> allowed = scenario.policy().sourcesFor(true, remote);
    for (HostId id : allowed) {
      SimHost candidate = hosts[byId.get(id)];
      if (candidate.alive) {
        return candidate.index;
      }
    }
    return -1;
  }

  private void fill(SimHost host) {
    if (!host.alive || host.complete || !host.metadataKnown) {
      return;
    }
    if (host.sourcing) {
      fillFromSource(host);
    }
    while (host.canDownload() && host.parentCount > 0) {
      boolean started = false;
      for (int slot = 0; slot < host.parentCount && !started; slot++) {
        SimHost parent = hosts[host.parents[slot]];
        if (!parent.alive) {
          unreachable(host, slot);
          started = true;
          continue;
        }
        int piece = chooser.choose(host, slot, parent.seed);
        if (piece < 0) {
          continue;
        }
        if (!parent.canUpload()) {
          parent.addWaiter(host);
          continue;
        }
        start(parent.index, host, piece, parent.upCapacity - parent.upUsed, parent.zone);
        started = true;
      }
      if (!started) {
        return;
      }
    }
  }

  private void fillFromSource(SimHost host) {
    while (host.originRequests < scenario.originConcurrency() && host.canDownload()) {
      int piece = nextToFetch(host);
      if (piece < 0) {
        return;
      }
      int remote = host.remoteSource;
      if (remote >= 0 && hosts[remote].alive) {
        SimHost source = hosts[remote];
        long link = scenario.crossZoneBandwidth() - linkUsed[source.zone][host.zone];
        if (!source.canUpload() || link < scenario.crossZoneBandwidth() / 64) {
          return;
        }
        start(remote, host, piece, Math.min(source.upCapacity - source.upUsed, link), source.zone);
      } else {
        long free = scenario.originPerZone() - originUsed[host.zone];
        if (free < scenario.originPerZone() / scenario.originConcurrency()) {
          return;
        }
        start(Transfers.origin(host.zone), host, piece, free, host.zone);
      }
      host.originRequests++;
    }
  }

  private int nextToFetch(SimHost host) {
    for (int w = 0; w < words; w++) {
      long wanted = host.toFetch[w] & ~host.have[w] & ~host.inFlight[w];
      if (wanted != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(wanted);
      }
    }
    return -1;
  }

  private void start(int sender, SimHost receiver, int piece, long senderFree, int senderZone) {
    long rate = Math.min(senderFree, receiver.downCapacity - receiver.downUsed);
    if (Transfers.isOrigin(sender)) {
      originUsed[receiver.zone] += rate;
    } else {
      SimHost from = hosts[sender];
      from.upUsed += rate;
      from.uploads++;
      if (senderZone != receiver.zone) {
        linkUsed[senderZone][receiver.zone] += rate;
      }
    }
    receiver.downUsed += rate;
    receiver.downloads++;
    receiver.inFlight[piece >>> 6] |= 1L << piece;
    int id = transfers.open(sender, receiver.index, piece, rate);
    schedule(now + (double) metadata.layout().length(piece) / rate, SENT, id);
  }

  private void sent(int id) {
    if (transfers.aborted[id]) {
      transfers.release(id);
      return;
    }
    transfers.sending[id] = false;
    int sender = transfers.sender[id];
    SimHost receiver = hosts[transfers.receiver[id]];
    long rate = transfers.rate[id];
    long bytes = metadata.layout().length(transfers.piece[id]);
    receiver.downUsed -= rate;
    receiver.downloads--;
    double latency;
    if (Transfers.isOrigin(sender)) {
      originUsed[receiver.zone] -= rate;
      originBytes[receiver.zone] += bytes;
      receiver.originRequests--;
      latency = scenario.originLatency();
    } else {
      SimHost from = hosts[sender];
      from.upUsed -= rate;
      from.uploads--;
      from.uploadedBytes += bytes;
      if (from.zone != receiver.zone) {
        linkUsed[from.zone][receiver.zone] -= rate;
        crossZoneBytes += bytes;
        receiver.originRequests--;
        latency = scenario.crossZoneLatency();
      } else {
        peerBytes += bytes;
        latency = scenario.zoneLatency();
      }
    }
    schedule(now + latency, ARRIVED, id);
    if (!Transfers.isOrigin(sender)) {
      wake(hosts[sender]);
    }
    fill(receiver);
  }

  private void arrived(int id) {
    boolean aborted = transfers.aborted[id];
    SimHost host = hosts[transfers.receiver[id]];
    int piece = transfers.piece[id];
    transfers.release(id);
    if (aborted || !host.alive) {
      return;
    }
    host.inFlight[piece >>> 6] &= ~(1L << piece);
    if (!host.holds(piece)) {
      host.have[piece >>> 6] |= 1L << piece;
      host.held++;
      pieceTransfers++;
      while (host.cursor < pieceCount && host.holds(host.cursor)) {
        host.cursor++;
      }
      if (host.held < pieceCount) {
        gained(host);
      }
    }
    if (scenario.announcePieces()) {
      announce(host, piece);
    }
    if (host.held == pieceCount) {
      complete(host);
    } else {
      fill(host);
    }
  }

  /**
   * Tells the children of {@code parent} that it now holds {@code piece}, and lets each that lacks
   * it and has a download free fetch at once; children that since dropped the parent, completed or
   * died are forgotten on the way.
   */
  private void announce(SimHost parent, int piece) {
    int word = piece >>> 6;
    long mask = 1L << piece;
    int i = 0;
    while (i < parent.childCount()) {
      SimHost child = hosts[parent.child(i)];
      int slot = child.slotOf(parent.index);
      if (slot < 0 || !child.alive || child.complete) {
        parent.removeChild(i);
        continue;
      }
      i++;
      child.parentPieces[slot][word] |= mask;
      if (((child.have[word] | child.inFlight[word]) & mask) == 0 && child.canDownload()) {
        fill(child);
      }
    }
  }

  private void wake(SimHost parent) {
    while (parent.hasWaiters() && parent.canUpload()) {
      SimHost child = hosts[parent.takeWaiter()];
      child.stopWaitingAt(parent.index);
      fill(child);
    }
  }

  private void complete(SimHost host) {
    host.complete = true;
    host.completedAt = now;
    host.sourcing = false;
    host.parentCount = 0;
    Zone zone = zones[host.zone];
    long millis = millis();
    reportNewPieces(host, zone, millis);
    if (zone.rules.complete(host.id, millis)) {
      zone.table.hold(task, host.id, metadata, zone.rules.crcs());
    }
    if (!host.seed) {
      remaining--;
    }
  }

  private void unreachable(SimHost child, int slot) {
    SimHost parent = hosts[child.parents[slot]];
    zones[child.zone].parentFailed(child.id, parent.id, FailureKind.UNREACHABLE, millis());
    child.dropParent(slot);
  }

  private void kill(SimHost host) {
    if (!host.alive) {
      return;
    }
    host.alive = false;
    if (!host.seed && !host.complete) {
      remaining--;
    }
    for (int id = 0; id < transfers.highWater(); id++) {
      if (!transfers.inUse[id] || transfers.aborted[id]) {
        continue;
      }
      int sender = transfers.sender[id];
      int receiver = transfers.receiver[id];
      if (receiver == host.index) {
        abortTransfer(id);
      } else if (sender == host.index && transfers.sending[id]) {
        abortTransfer(id);
        SimHost child = hosts[receiver];
        zones[child.zone].parentFailed(child.id, host.id, FailureKind.UNREACHABLE, millis());
        fill(child);
      }
    }
    while (host.hasWaiters()) {
      SimHost child = hosts[host.takeWaiter()];
      child.stopWaitingAt(host.index);
      fill(child);
    }
  }

  private void abortTransfer(int id) {
    transfers.aborted[id] = true;
    SimHost receiver = hosts[transfers.receiver[id]];
    int piece = transfers.piece[id];
    receiver.inFlight[piece >>> 6] &= ~(1L << piece);
    if (!transfers.sending[id]) {
      return;
    }
    long rate = transfers.rate[id];
    receiver.downUsed -= rate;
    receiver.downloads--;
    int sender = transfers.sender[id];
    if (Transfers.isOrigin(sender)) {
      originUsed[receiver.zone] -= rate;
      receiver.originRequests--;
      return;
    }
    SimHost from = hosts[sender];
    from.upUsed -= rate;
    from.uploads--;
    if (from.zone != receiver.zone) {
      linkUsed[from.zone][receiver.zone] -= rate;
      receiver.originRequests--;
    }
    if (from.alive) {
      wake(from);
    }
  }

  private void tick(Zone zone) {
    long millis = millis();
    for (SimHost host : hosts) {
      if (host.zone == zone.index && host.alive) {
        zone.heartbeat(host.id, heartbeat(host), millis);
      }
    }
    zone.refresh(millis);
  }

  private HostHeartbeat heartbeat(SimHost host) {
    long slotShare = host.upCapacity / host.uploadSlots;
    int free =
        (int)
            Math.max(
                0,
                Math.min(
                    host.uploadSlots - host.uploads, (host.upCapacity - host.upUsed) / slotShare));
    return new HostHeartbeat(
        Math.min(1.0, (double) host.upUsed / host.upCapacity),
        free,
        host.uploadSlots,
        1.0,
        host.upCapacity / (host.uploads + 1),
        host.seed,
        zones[host.zone].name,
        "eu|" + zones[host.zone].name + "|rack-" + host.index % 40);
  }

  private SimulationResult result(
      double[] joins, int[] zoneOf, boolean[] died, LowerBound bound, double wallSeconds) {
    int n = scenario.hosts();
    double[] completed = new double[n];
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      completed[i] = hosts[i].completedAt;
      names.add(hosts[i].id.value());
    }
    List<String> zoneNames = new ArrayList<>();
    List<List<String>> sources = new ArrayList<>();
    for (Zone zone : zones) {
      zoneNames.add(zone.name);
      List<String> ids = new ArrayList<>();
      backToSource.get(zone.index).forEach(i -> ids.add(hosts[i].id.value()));
      sources.add(ids);
    }
    return new SimulationResult(
        scenario,
        pieceSize,
        pieceCount,
        names,
        zoneOf,
        joins,
        completed,
        died,
        zoneNames,
        originBytes.clone(),
        crossZoneBytes,
        peerBytes,
        sources,
        pieceTransfers,
        polls,
        reports,
        bound,
        now,
        wallSeconds);
  }

  private long millis() {
    return (long) (now * 1000);
  }

  private void trim(long[] bits) {
    int tail = pieceCount & 63;
    if (tail != 0) {
      bits[bits.length - 1] &= (1L << tail) - 1;
    }
  }

  /** Every piece gets one fixed checksum: the simulation has no corrupt copies. */
  private static int crcOf(int piece) {
    return piece * 0x9E3779B1;
  }

  private static TaskId taskId(String name) {
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256")
              .digest(("simulation\n" + name).getBytes(StandardCharsets.UTF_8));
      return TaskId.of(HexFormat.of().formatHex(sum));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
