package dev.darner.testing;

/**
 * A fault armed for a number of coming requests, carrying one value (a status, a byte count, a
 * delay); each request that takes it uses up one.
 */
final class ArmedFault {

  private int remaining;
  private long value;

  /** Arms the fault for the next {@code requests} requests with {@code value}. */
  synchronized void arm(int requests, long value) {
    if (requests < 0) {
      throw new IllegalArgumentException("requests must not be negative: " + requests);
    }
    this.remaining = requests;
    this.value = value;
  }

  /** Returns the armed value and uses up one request, or {@code unarmed} when none is left. */
  synchronized long take(long unarmed) {
    if (remaining == 0) {
      return unarmed;
    }
    remaining--;
    return value;
  }
}
