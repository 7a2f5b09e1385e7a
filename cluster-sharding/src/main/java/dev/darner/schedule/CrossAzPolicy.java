package dev.darner.schedule;

import dev.darner.task.HostId;
import java.util.List;

/**
 * Decides where a seed peer fetches a task its AZ does not have yet.
 *
 * <p>By default it goes to the origin, so no traffic crosses AZs, where it is often billed. When an
 * operator opts in, a seed may fetch from a host of another AZ that holds the whole task, which
 * spares the origin at the price of cross-AZ traffic.
 */
public enum CrossAzPolicy {
  /** Seeds always fetch from the origin. */
  ORIGIN,
  /** Seeds may fetch from a host of another AZ that holds the whole task. */
  PEER_IN_OTHER_AZ;

  /**
   * Returns the hosts of other AZs a seed may fetch from, given those known to hold the task; empty
   * under {@link #ORIGIN}.
   */
  public List<HostId> sourcesFor(boolean seed, List<HostId> remoteHolders) {
    return this == PEER_IN_OTHER_AZ && seed ? List.copyOf(remoteHolders) : List.of();
  }

  /** Returns the policy named {@code name} in configuration: {@code origin} or {@code peer}. */
  public static CrossAzPolicy parse(String name) {
    return switch (name) {
      case "origin" -> ORIGIN;
      case "peer" -> PEER_IN_OTHER_AZ;
      default ->
          throw new IllegalArgumentException("cross-az policy must be origin or peer, was " + name);
    };
  }
}
