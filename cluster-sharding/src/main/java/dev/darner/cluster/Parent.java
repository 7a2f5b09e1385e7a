package dev.darner.cluster;

import dev.darner.task.HostId;
import java.util.BitSet;

/**
 * A peer a child may fetch pieces from.
 *
 * @param host where its piece server listens, {@code host:piecePort}
 * @param pieces the pieces it held when the coordinator decided
 * @param seed whether it is a seed peer
 * @param score its rank by {@code docs/parent-ranking.md}; higher is better
 */
public record Parent(HostId host, BitSet pieces, boolean seed, double score) {}
