package dev.darner.simulation;

import java.util.Arrays;
import java.util.List;

/**
 * What one run measured.
 *
 * @param scenario what was simulated
 * @param pieceSize bytes per piece, as {@code PieceLayout} cut the content
 * @param pieceCount pieces of the content
 * @param hostNames the pulling hosts' ids, in host order
 * @param zoneOf the AZ of each pulling host
 * @param joinedAt when each pulling host started, in simulated seconds
 * @param completedAt when each pulling host held the whole content; NaN when it never did
 * @param died whether each pulling host was made to fail
 * @param zoneNames the AZs' names
 * @param originBytes bytes each AZ fetched from the origin
 * @param crossZoneBytes bytes that crossed from one AZ to another
 * @param peerBytes bytes hosts sent each other inside an AZ
 * @param backToSource per AZ, the hosts that fetched from the origin or another AZ, in order
 * @param pieceTransfers piece transfers that arrived
 * @param polls registrations with a coordinator: each one a parent decision
 * @param reports piece reports sent to a coordinator between polls
 * @param bound the ideal lower bound of the completion times
 * @param simulatedSeconds simulated time at the end of the run
 * @param wallSeconds wall-clock time the run took
 */
public record SimulationResult(
    Scenario scenario,
    int pieceSize,
    int pieceCount,
    List<String> hostNames,
    int[] zoneOf,
    double[] joinedAt,
    double[] completedAt,
    boolean[] died,
    List<String> zoneNames,
    long[] originBytes,
    long crossZoneBytes,
    long peerBytes,
    List<List<String>> backToSource,
    long pieceTransfers,
    long polls,
    long reports,
    LowerBound bound,
    double simulatedSeconds,
    double wallSeconds) {

  /** Returns the completion times of the hosts that lived and completed, sorted. */
  public double[] sortedCompletions() {
    return Arrays.stream(completedAt).filter(t -> !Double.isNaN(t)).sorted().toArray();
  }

  /** Returns how many pulling hosts that did not die are still incomplete. */
  public int incompleteLiveHosts() {
    int count = 0;
    for (int i = 0; i < completedAt.length; i++) {
      if (!died[i] && Double.isNaN(completedAt[i])) {
        count++;
      }
    }
    return count;
  }

  /**
   * Returns the {@code q} quantile of the completion times, in simulated seconds from the start.
   */
  public double completionQuantile(double q) {
    return Percentiles.of(sortedCompletions(), q);
  }

  /** Returns how many pulling hosts were made to fail. */
  public int diedCount() {
    int count = 0;
    for (boolean d : died) {
      count += d ? 1 : 0;
    }
    return count;
  }

  /** Returns the bytes all AZs together fetched from the origin. */
  public long totalOriginBytes() {
    return Arrays.stream(originBytes).sum();
  }
}
