package dev.darner.coordinator;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.schedule.ParentSelector;
import dev.darner.schedule.ParentSelector.Ranked;
import dev.darner.task.HostId;
import dev.darner.task.TaskMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The rules of one task's coordinator, free of actors so that tests, the benchmark and the
 * simulation runs drive them directly: which peers hold which pieces, which CRC32C each piece has,
 * who goes back to source, and what a registering peer is told.
 *
 * <p>At most one peer goes back to source at a time. It keeps the role while it polls or reports
 * within the stall timeout and while it is live; after that the next peer that registers and may go
 * to the origin (a seed, or anyone when the AZ has no live seed) takes over, and is told to fetch
 * only the pieces no peer of the AZ holds, so it starts where the last one stopped.
 *
 * <p>Time is passed in, in milliseconds.
 */
public final class TaskState {

  /** What a registering peer is told: {@link Parents}, {@link Wait} or {@link Source}. */
  public sealed interface Decision {}

  /** Fetch from these parents; {@code crcPieces} and {@code crcs} check what it lacks. */
  public record Parents(TaskMetadata metadata, List<Ranked> parents, int[] crcPieces, int[] crcs)
      implements Decision {}

  /** Wait and register again: {@code backToSource} is fetching, or a seed has been asked to. */
  public record Wait(Optional<HostId> backToSource) implements Decision {}

  /**
   * Fetch {@code toFetch} from the origin (everything when the metadata is unknown), and the rest
   * from {@code parents}.
   */
  public record Source(
      Optional<TaskMetadata> metadata,
      List<Ranked> parents,
      long[] toFetch,
      int[] crcPieces,
      int[] crcs)
      implements Decision {}

  private static final int[] NO_INTS = new int[0];

  private final ParentSelector selector;
  private final long stallMillis;
  private final RandomGenerator random;
  private final ArrayList<PeerEntry> peers = new ArrayList<>();
  private final Map<HostId, PeerEntry> byHost = new HashMap<>();
  private Optional<TaskMetadata> metadata = Optional.empty();
  private int pieceCount = -1;
  private int[] crcs = NO_INTS;
  private long[] crcKnown = new long[0];
  private long[] union = new long[0];
  private boolean unionStale;
  private PeerEntry backToSource;
  private boolean seedKnown;
  private Optional<HostId> seed = Optional.empty();
  private boolean seedWanted;

  /**
   * Creates the rules of one task's coordinator.
   *
   * @param selector ranks the parents a registering peer is handed
   * @param stallMillis how long the back-to-source peer may stay silent before another takes over
   * @param random picks where each decision starts scanning the peers
   */
  public TaskState(ParentSelector selector, long stallMillis, RandomGenerator random) {
    this.selector = selector;
    this.stallMillis = stallMillis;
    this.random = random;
  }

  /**
   * Registers or refreshes the peer on {@code host}, which holds {@code pieces}, and decides what
   * it does next.
   */
  public Decision register(
      HostId host, boolean seedHost, Optional<TaskMetadata> known, long[] pieces, long nowMillis) {
    known.ifPresent(this::adoptMetadata);
    PeerEntry peer = upsert(host, seedHost, pieces, nowMillis);
    if (backToSource != null && nowMillis - backToSource.lastSeenMillis > stallMillis) {
      backToSource = null;
    }
    if (metadata.isEmpty()) {
      if (backToSource == null && mayGoToSource(peer)) {
        backToSource = peer;
      }
      if (backToSource == peer) {
        return source(peer, List.of());
      }
      seedWanted |= backToSource == null;
      return waitFor();
    }
    if (peer.heldCount() >= pieceCount) {
      return new Parents(metadata.get(), List.of(), NO_INTS, NO_INTS);
    }
    List<Ranked> parents =
        selector.select(peer, peers, pieceCount, random.nextInt(peers.size()), nowMillis);
    if (backToSource == null && hasUnheldPieces()) {
      if (mayGoToSource(peer)) {
        backToSource = peer;
      } else {
        seedWanted = true;
      }
    }
    if (backToSource == peer) {
      return source(peer, parents);
    }
    if (parents.isEmpty()) {
      return waitFor();
    }
    int[] crcPieces = missingCrcPieces(peer);
    return new Parents(metadata.get(), parents, crcPieces, crcsOf(crcPieces));
  }

  /** Adopts {@code reported} as the task's metadata unless some is known already. */
  public void adoptMetadata(TaskMetadata reported) {
    if (metadata.isPresent()) {
      return;
    }
    metadata = Optional.of(reported);
    pieceCount = reported.pieceCount();
    int words = (pieceCount + 63) >>> 6;
    crcs = new int[pieceCount];
    crcKnown = new long[words];
    for (PeerEntry peer : peers) {
      peer.replacePieces(fit(peer.pieces()));
    }
    unionStale = true;
  }

  /**
   * Records that {@code host} holds {@code pieces} with checksums {@code pieceCrcs}, and returns
   * whether a checksum contradicted the one known, which marks the host as serving bad pieces.
   */
  public boolean reportPieces(HostId host, int[] pieces, int[] pieceCrcs, long nowMillis) {
    PeerEntry peer = byHost.get(host);
    if (peer == null || metadata.isEmpty() || pieces.length != pieceCrcs.length) {
      return false;
    }
    peer.lastSeenMillis = nowMillis;
    boolean contradicted = false;
    for (int i = 0; i < pieces.length; i++) {
      int piece = pieces[i];
      if (piece < 0 || piece >= pieceCount) {
        continue;
      }
      long mask = 1L << piece;
      int word = piece >>> 6;
      if ((crcKnown[word] & mask) == 0) {
        crcKnown[word] |= mask;
        crcs[piece] = pieceCrcs[i];
      } else if (crcs[piece] != pieceCrcs[i]) {
        contradicted = true;
        continue;
      }
      if (peer.addPiece(piece) && !unionStale) {
        union[word] |= mask;
      }
    }
    return contradicted;
  }

  /** Records that {@code host} holds the whole task, and returns whether it is a known peer. */
  public boolean complete(HostId host, long nowMillis) {
    PeerEntry peer = byHost.get(host);
    if (peer == null || metadata.isEmpty()) {
      return false;
    }
    peer.lastSeenMillis = nowMillis;
    peer.replacePieces(allPieces());
    unionStale = true;
    if (backToSource == peer) {
      backToSource = null;
    }
    return true;
  }

  /** Records that {@code child} failed to get a piece from {@code parent}. */
  public void reportFailure(HostId child, HostId parent) {
    PeerEntry peer = byHost.get(child);
    if (peer != null) {
      peer.avoid(parent);
    }
    PeerEntry failing = byHost.get(parent);
    if (failing != null) {
      failing.failures++;
    }
  }

  /** Forgets the peer on {@code host}, and returns whether it held the whole task. */
  public boolean remove(HostId host) {
    PeerEntry peer = byHost.remove(host);
    if (peer == null) {
      return false;
    }
    peers.remove(peer);
    unionStale = true;
    if (backToSource == peer) {
      backToSource = null;
    }
    return pieceCount > 0 && peer.heldCount() == pieceCount;
  }

  /** Applies what the AZ scheduler says of a host: dropped, or its heartbeat and block. */
  public void hostDescribed(
      HostId host, boolean live, boolean blocked, Optional<HostHeartbeat> beat) {
    if (!live) {
      remove(host);
      return;
    }
    PeerEntry peer = byHost.get(host);
    if (peer != null) {
      peer.blocked = blocked;
      peer.beat = beat.orElse(peer.beat);
    }
  }

  /** Records the AZ's seed for this task as the scheduler chose it; empty when no seed lives. */
  public void seedChosen(Optional<HostId> chosen) {
    seedKnown = true;
    seed = chosen;
  }

  /**
   * Restores a peer that holds the whole task, as the AZ scheduler remembers it after this
   * coordinator was rebuilt, together with the checksums it kept.
   */
  void restoreHolder(HostId host, int[] knownCrcs, long nowMillis) {
    if (metadata.isEmpty()) {
      return;
    }
    if (knownCrcs.length == pieceCount && crcKnown.length > 0 && isZero(crcKnown)) {
      System.arraycopy(knownCrcs, 0, crcs, 0, pieceCount);
      Arrays.fill(crcKnown, -1L);
      trim(crcKnown);
    }
    upsert(host, false, allPieces(), nowMillis);
  }

  /** Returns whether a seed should be asked to fetch the task, and clears the wish. */
  public boolean takeSeedWanted() {
    boolean wanted = seedWanted;
    seedWanted = false;
    return wanted;
  }

  /** Returns the CRC32C of every piece, zero where unknown, for the scheduler to keep. */
  public int[] crcs() {
    return isZero(crcKnown) ? NO_INTS : crcs.clone();
  }

  /** Returns the task's metadata once a peer reported it. */
  Optional<TaskMetadata> metadata() {
    return metadata;
  }

  /** Returns the AZ's seed for this task as the scheduler last chose it; empty when none lives. */
  public Optional<HostId> seed() {
    return seed;
  }

  /** Returns the host of the peer that holds the back-to-source role, if any. */
  public Optional<HostId> backToSource() {
    return Optional.ofNullable(backToSource).map(PeerEntry::host);
  }

  /** Returns the hosts of the task's registered peers, in registration order. */
  public List<HostId> hosts() {
    List<HostId> hosts = new ArrayList<>(peers.size());
    for (PeerEntry peer : peers) {
      hosts.add(peer.host());
    }
    return hosts;
  }

  int peerCount() {
    return peers.size();
  }

  private PeerEntry upsert(HostId host, boolean seedHost, long[] pieces, long nowMillis) {
    long[] bits = metadata.isPresent() ? fit(pieces) : pieces.clone();
    PeerEntry peer = byHost.get(host);
    if (peer == null) {
      peer = new PeerEntry(host, seedHost, bits, nowMillis);
      byHost.put(host, peer);
      peers.add(peer);
      orInto(bits);
    } else {
      peer.seed = seedHost;
      peer.lastSeenMillis = nowMillis;
      if (!Arrays.equals(peer.pieces(), bits)) {
        // Peers only gain pieces while they download, so the union can usually grow in place.
        boolean lostPieces = !covers(bits, peer.pieces());
        peer.replacePieces(bits);
        if (lostPieces) {
          unionStale = true;
        } else {
          orInto(bits);
        }
      }
    }
    return peer;
  }

  private boolean mayGoToSource(PeerEntry peer) {
    return peer.seed() || (seedKnown && seed.isEmpty()) || seed.equals(Optional.of(peer.host()));
  }

  private Wait waitFor() {
    return new Wait(backToSource());
  }

  private Source source(PeerEntry peer, List<Ranked> parents) {
    if (metadata.isEmpty()) {
      return new Source(metadata, parents, new long[0], NO_INTS, NO_INTS);
    }
    long[] held = union();
    long[] toFetch = new long[held.length];
    for (int i = 0; i < held.length; i++) {
      toFetch[i] = ~held[i];
    }
    trim(toFetch);
    int[] crcPieces = missingCrcPieces(peer);
    return new Source(metadata, parents, toFetch, crcPieces, crcsOf(crcPieces));
  }

  private boolean hasUnheldPieces() {
    long[] held = union();
    long[] all = allPieces();
    for (int i = 0; i < all.length; i++) {
      if ((held[i] & all[i]) != all[i]) {
        return true;
      }
    }
    return false;
  }

  private long[] union() {
    if (unionStale || union.length != crcKnown.length) {
      union = new long[crcKnown.length];
      for (PeerEntry peer : peers) {
        long[] bits = peer.pieces();
        for (int i = 0; i < Math.min(bits.length, union.length); i++) {
          union[i] |= bits[i];
        }
      }
      unionStale = false;
    }
    return union;
  }

  private void orInto(long[] bits) {
    if (unionStale || union.length != bits.length) {
      unionStale = true;
      return;
    }
    for (int i = 0; i < bits.length; i++) {
      union[i] |= bits[i];
    }
  }

  private int[] missingCrcPieces(PeerEntry peer) {
    long[] have = peer.pieces();
    int[] out = new int[pieceCount];
    int n = 0;
    for (int w = 0; w < crcKnown.length; w++) {
      long wanted = crcKnown[w] & ~have[w];
      while (wanted != 0) {
        out[n++] = (w << 6) + Long.numberOfTrailingZeros(wanted);
        wanted &= wanted - 1;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private int[] crcsOf(int[] pieces) {
    int[] out = new int[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      out[i] = crcs[pieces[i]];
    }
    return out;
  }

  private long[] fit(long[] bits) {
    long[] fitted = Arrays.copyOf(bits, (pieceCount + 63) >>> 6);
    trim(fitted);
    return fitted;
  }

  private long[] allPieces() {
    long[] all = new long[(pieceCount + 63) >>> 6];
    Arrays.fill(all, -1L);
    trim(all);
    return all;
  }

  /** Clears the bits past the last piece, so counts and comparisons see real pieces only. */
  private void trim(long[] bits) {
    int tail = pieceCount & 63;
    if (tail != 0 && bits.length > 0) {
      bits[bits.length - 1] &= (1L << tail) - 1;
    }
  }

  private static boolean covers(long[] bits, long[] subset) {
    if (bits.length != subset.length) {
      return false;
    }
    for (int i = 0; i < bits.length; i++) {
      if ((subset[i] & ~bits[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(long[] bits) {
    for (long word : bits) {
      if (word != 0) {
        return false;
      }
    }
    return true;
  }
}
