package dev.darner.download;

import dev.darner.cluster.TaskCoordination;
import dev.darner.metrics.NodeMetrics;
import dev.darner.transfer.fetch.PieceClient;
import dev.darner.transfer.fetch.PieceFetchPlanner;
import dev.darner.transfer.serve.PieceCache;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a downloader needs to take pieces from its peers: the coordinator of its AZ, the client that
 * fetches pieces from parents, the memory cache pieces go into as they arrive, and a planner for
 * each task.
 *
 * @param coordination the task coordinators of this node's AZ
 * @param client fetches pieces from parents
 * @param cache recently received pieces, served to children without touching the disk
 * @param planners makes the planner of one task's piece requests
 * @param avoidFailedParentFor how long a parent at fault is passed over
 * @param metrics where the bytes from peers and the bad pieces they sent are counted
 */
public record Peering(
    TaskCoordination coordination,
    PieceClient client,
    PieceCache cache,
    Supplier<PieceFetchPlanner> planners,
    Duration avoidFailedParentFor,
    NodeMetrics metrics) {}
