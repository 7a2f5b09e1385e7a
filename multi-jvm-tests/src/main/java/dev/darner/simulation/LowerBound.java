package dev.darner.simulation;

import java.util.Arrays;

/**
 * The earliest each pulling host could possibly finish on the simulated network, whatever the
 * scheduling, and the percentiles of those times; {@code docs/simulation.md} derives it.
 *
 * <p>A host that starts at {@code join} cannot finish before {@code join + size / download}. Under
 * the origin policy every byte enters its AZ through the one peer that goes back to source, no
 * faster than {@code min(origin per AZ, seed download)}, starting when the AZ's first host asks;
 * the last piece still has to be sent on to the host. And all the bytes the hosts of an AZ receive
 * from each other must be uploaded inside the AZ. Since every host finishes no earlier than its own
 * bound, the k-th fastest host finishes no earlier than the k-th smallest bound, so percentiles of
 * the bounds bound the percentiles of the completion times.
 *
 * @param downloadTerm size over a pulling host's download bandwidth
 * @param sourceTerm size over the rate at which content can enter an AZ
 * @param uploadTerm an AZ's bytes to deliver over its total upload bandwidth
 * @param p50 the median of the per-host bounds, in seconds from the start of the run
 * @param p99 the 99th percentile of the per-host bounds
 * @param max the largest per-host bound
 */
public record LowerBound(
    double downloadTerm, double sourceTerm, double uploadTerm, double p50, double p99, double max) {

  /**
   * Computes the bound of hosts joining at {@code joins} (seconds) in AZs {@code zoneOf}, for
   * scenario {@code s} with pieces of {@code pieceSize} bytes.
   */
  static LowerBound of(Scenario s, int pieceSize, double[] joins, int[] zoneOf) {
    double[] bounds = perHost(s, pieceSize, joins, zoneOf);
    Arrays.sort(bounds);
    double rate = Math.min(s.originPerZone(), s.seedDown());
    return new LowerBound(
        s.contentLength() / (double) s.peerDown(),
        s.contentLength() / rate,
        uploadTerm(s, zoneOf),
        Percentiles.of(bounds, 0.50),
        Percentiles.of(bounds, 0.99),
        bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1]);
  }

  /** Returns the bound of each host, in host order. */
  static double[] perHost(Scenario s, int pieceSize, double[] joins, int[] zoneOf) {
    double size = s.contentLength();
    double download = size / s.peerDown();
    double source = size / Math.min(s.originPerZone(), s.seedDown());
    double lastPiece = Math.min(pieceSize, s.contentLength()) / (double) s.peerDown();
    double upload = uploadTerm(s, zoneOf);
    double[] firstJoin = new double[s.zones()];
    Arrays.fill(firstJoin, Double.POSITIVE_INFINITY);
    for (int i = 0; i < joins.length; i++) {
      firstJoin[zoneOf[i]] = Math.min(firstJoin[zoneOf[i]], joins[i]);
    }
    double[] bounds = new double[joins.length];
    for (int i = 0; i < joins.length; i++) {
      double entered = firstJoin[zoneOf[i]] + s.originLatency() + source;
      double viaSeed = entered + lastPiece + s.zoneLatency();
      bounds[i] = Math.max(Math.max(joins[i] + download, viaSeed), upload);
    }
    return bounds;
  }

  private static double uploadTerm(Scenario s, int[] zoneOf) {
    int[] pulling = new int[s.zones()];
    for (int zone : zoneOf) {
      pulling[zone]++;
    }
    double upload = 0;
    for (int z = 0; z < s.zones(); z++) {
      double zoneUpload = (double) pulling[z] * s.peerUp() + (double) s.seedsPerZone() * s.seedUp();
      upload = Math.max(upload, pulling[z] * (double) s.contentLength() / zoneUpload);
    }
    return upload;
  }
}
