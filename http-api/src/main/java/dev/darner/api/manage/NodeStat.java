package dev.darner.api.manage;

/**
 * How one node is doing: who it is, what it moved, and how full its store is.
 *
 * @param host the host id, as peers reach its piece server
 * @param availabilityZone its AZ
 * @param traffic the bytes it moved since it started
 * @param activeTasks the tasks it is downloading now
 * @param storedTasks the tasks in its store, whole or partial
 * @param storeUsedBytes the bytes its store's tasks reserve
 * @param storeQuotaBytes the most its store may hold
 */
public record NodeStat(
    String host,
    String availabilityZone,
    Traffic traffic,
    int activeTasks,
    int storedTasks,
    long storeUsedBytes,
    long storeQuotaBytes) {}
