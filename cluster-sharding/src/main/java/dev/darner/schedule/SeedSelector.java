package dev.darner.schedule;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the seed peer of a task by rendezvous (highest random weight) hashing over the live seed
 * hosts of an AZ.
 *
 * <p>Every node that computes the choice from the same hosts gets the same seed, each seed is the
 * choice for an even share of tasks, and when a seed joins or leaves only the tasks that move to or
 * from it change seed. Seeds whose load reaches {@code maxLoad} or that have no free upload slot
 * are passed over; when every seed is loaded, all of them are considered again, because a loaded
 * seed still beats every peer of the AZ going to the origin.
 */
public final class SeedSelector {

  private final double maxLoad;

  /** Creates a selector that passes over seeds whose load is {@code maxLoad} or more. */
  public SeedSelector(double maxLoad) {
    if (maxLoad <= 0 || maxLoad > 1) {
      throw new IllegalArgumentException("maxLoad must be within (0, 1], was " + maxLoad);
    }
    this.maxLoad = maxLoad;
  }

  /** Returns the seed for {@code task} among the live {@code hosts}; empty when none is a seed. */
  public Optional<HostId> choose(TaskId task, Map<HostId, HostHeartbeat> hosts) {
    HostId unloaded = null;
    long unloadedWeight = 0;
    HostId any = null;
    long anyWeight = 0;
    for (Map.Entry<HostId, HostHeartbeat> host : hosts.entrySet()) {
      HostHeartbeat beat = host.getValue();
      if (!beat.seed()) {
        continue;
      }
      long weight = weight(task, host.getKey());
      if (any == null || Long.compareUnsigned(weight, anyWeight) > 0) {
        any = host.getKey();
        anyWeight = weight;
      }
      boolean loaded = beat.load() >= maxLoad || beat.freeUploadSlots() == 0;
      if (!loaded && (unloaded == null || Long.compareUnsigned(weight, unloadedWeight) > 0)) {
        unloaded = host.getKey();
        unloadedWeight = weight;
      }
    }
    return Optional.ofNullable(unloaded != null ? unloaded : any);
  }

  /** Returns the rendezvous weight of {@code host} for {@code task}; the largest one wins. */
  static long weight(TaskId task, HostId host) {
    long h = 0xcbf29ce484222325L;
    String a = task.hex();
    for (int i = 0; i < a.length(); i++) {
      h = (h ^ a.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ '/') * 0x100000001b3L;
    String b = host.value();
    for (int i = 0; i < b.length(); i++) {
      h = (h ^ b.charAt(i)) * 0x100000001b3L;
    }
    // FNV alone mixes the last characters poorly; the SplitMix64 finaliser spreads them.
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
