package dev.darner.schedule;

/**
 * Counts the children a coordinator handed one parent to, each hand-out fading exponentially with
 * time. A child keeps its parents for one poll interval, so with that interval as the time constant
 * the count tracks how many children are fetching from the parent now. Unlike the free upload slots
 * of a heartbeat, up to two seconds old, it moves with every decision.
 */
public final class RecentChildren {

  private double count;
  private long stampMillis;

  /** Returns the count at {@code nowMillis}, faded with time constant {@code decayMillis}. */
  public double at(long nowMillis, long decayMillis) {
    if (count == 0) {
      return 0;
    }
    long age = nowMillis - stampMillis;
    return age <= 0 ? count : count * Math.exp(-(double) age / decayMillis);
  }

  /** Adds one hand-out at {@code nowMillis}, fading the older ones first. */
  public void add(long nowMillis, long decayMillis) {
    double faded = at(nowMillis, decayMillis);
    // A hand-out reported with an older clock than the last one counts as if it came then.
    if (faded == 0 || nowMillis > stampMillis) {
      stampMillis = nowMillis;
    }
    count = faded + 1;
  }
}
