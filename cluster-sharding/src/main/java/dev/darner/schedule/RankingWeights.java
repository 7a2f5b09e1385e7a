package dev.darner.schedule;

/**
 * Weighs the terms of a parent's score; {@code docs/parent-ranking.md} explains each one. The
 * positive weights add up to one, so a perfect parent scores one, less the seed term.
 *
 * @param pieces weight of the share of the child's missing pieces the parent can give
 * @param uploadSlots weight of the parent's free share of upload slots
 * @param load weight of how few children the parent was recently handed to, per upload slot
 * @param successRate weight of the parent's recent upload success rate
 * @param speed weight of the parent's recent upload speed
 * @param idc weight of standing in the child's IDC
 * @param location weight of the share of the child's location the parent shares
 * @param seed weight of being a seed peer; negative to keep seeds for pieces only they have
 * @param speedReference the upload speed, in bytes per second, that earns half the speed term
 */
public record RankingWeights(
    double pieces,
    double uploadSlots,
    double load,
    double successRate,
    double speed,
    double idc,
    double location,
    double seed,
    long speedReference) {

  /** The weights {@code docs/parent-ranking.md} documents and {@code reference.conf} sets. */
  public static final RankingWeights DEFAULT =
      new RankingWeights(0.25, 0.10, 0.25, 0.10, 0.10, 0.10, 0.10, -0.05, 32L << 20);

  public RankingWeights {
    if (speedReference <= 0) {
      throw new IllegalArgumentException("speedReference must be > 0, was " + speedReference);
    }
  }
}
