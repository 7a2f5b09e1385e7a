package dev.darner.coordinator;

import com.typesafe.config.ConfigFactory;
import dev.darner.cluster.CoordinationSettings;
import dev.darner.cluster.HostHeartbeat;
import dev.darner.schedule.ParentSelector;
import dev.darner.task.HostId;
import dev.darner.task.TaskMetadata;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Measures one coordinator's scheduling decisions per second with 1,000 registered peers, and the
 * heap one peer entry costs. Run it as docs/cluster.md says; it prints two lines.
 *
 * <p>A decision is one re-registration of a downloading peer that gained a piece since its last
 * poll: update its pieces, rank the other peers, and build the reply's parents and checksums, as
 * {@link TaskState#register} does.
 */
public final class CoordinatorBenchmark {

  private static final int PEERS = 1_000;
  private static final TaskMetadata TASK = TaskMetadata.of(4L << 30, Optional.empty());
  private static final CoordinationSettings SETTINGS =
      CoordinationSettings.fromConfig(ConfigFactory.load().getConfig("darner.cluster"));

  private CoordinatorBenchmark() {}

  /** Runs the benchmark; the optional first argument overrides the configured candidate limit. */
  public static void main(String[] args) {
    int candidateLimit = args.length > 0 ? Integer.parseInt(args[0]) : SETTINGS.candidateLimit();
    int pieces = TASK.pieceCount();
    SplittableRandom random = new SplittableRandom(7);
    TaskState state = populated(PEERS, candidateLimit, random);
    List<HostId> hosts = state.hosts();
    List<long[]> haves = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      haves.add(java.util.Arrays.copyOf(randomPieces(pieces, random), (pieces + 63) / 64));
    }
    long decisions = 0;
    long start = System.nanoTime();
    long warmUpEnd = start + 3_000_000_000L;
    long end = warmUpEnd + 5_000_000_000L;
    long measuredFrom = 0;
    long measuredDecisions = 0;
    while (true) {
      long now = System.nanoTime();
      if (measuredFrom == 0 && now >= warmUpEnd) {
        measuredFrom = now;
        measuredDecisions = decisions;
      }
      if (now >= end) {
        break;
      }
      for (int i = 0; i < 1_000; i++) {
        int peer = random.nextInt(PEERS);
        long[] have = haves.get(peer);
        int piece = random.nextInt(pieces);
        have[piece >>> 6] |= 1L << piece;
        // A clock of 20 decisions per millisecond, so hand-out counts fade as they would live.
        state.register(hosts.get(peer), false, Optional.of(TASK), have, decisions / 20);
        decisions++;
      }
    }
    double seconds = (System.nanoTime() - measuredFrom) / 1e9;
    System.out.printf(
        "decisions per second: %.0f (1000 peers, %d pieces, candidate limit %d)%n",
        (decisions - measuredDecisions) / seconds, pieces, candidateLimit);
    System.out.printf("heap bytes per peer entry: %.0f%n", bytesPerPeer(pieces, candidateLimit));
  }

  private static TaskState populated(int peers, int candidateLimit, SplittableRandom random) {
    TaskState state =
        new TaskState(
            new ParentSelector(
                SETTINGS.weights(),
                SETTINGS.maxParents(),
                candidateLimit,
                SETTINGS.pollInterval().toMillis()),
            30_000,
            random.split());
    state.seedChosen(Optional.of(HostId.of("seed", 65002)));
    state.adoptMetadata(TASK);
    int pieces = TASK.pieceCount();
    for (int i = 0; i < peers; i++) {
      HostId host = HostId.of("10.1." + (i >> 8) + "." + (i & 255), 65002);
      state.register(host, false, Optional.of(TASK), randomPieces(pieces, random), 0);
      state.hostDescribed(
          host,
          true,
          false,
          Optional.of(
              new HostHeartbeat(
                  0.3,
                  1 + (i % 4),
                  4,
                  0.9,
                  20L << 20,
                  false,
                  "idc-" + (i % 3),
                  "eu|fra|r" + (i % 7))));
    }
    return state;
  }

  private static long[] randomPieces(int pieces, SplittableRandom random) {
    BitSet bits = new BitSet(pieces);
    int held = random.nextInt(pieces);
    for (int i = 0; i < held; i++) {
      bits.set(random.nextInt(pieces));
    }
    return bits.toLongArray();
  }

  private static double bytesPerPeer(int pieces, int candidateLimit) {
    int entries = 100_000;
    long before = usedHeap();
    TaskState state = populated(entries, candidateLimit, new SplittableRandom(3));
    long after = usedHeap();
    if (state.peerCount() != entries) {
      throw new IllegalStateException("expected " + entries + " peers");
    }
    return (double) (after - before) / entries;
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
