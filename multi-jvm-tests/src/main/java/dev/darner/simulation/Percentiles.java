package dev.darner.simulation;

/** Percentiles of sorted samples, by the nearest-rank method. */
final class Percentiles {

  private Percentiles() {}

  /** Returns the {@code q} quantile (0 to 1) of {@code sorted}; NaN when it is empty. */
  static double of(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
