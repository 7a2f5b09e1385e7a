package dev.darner.transfer.limit;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket of bytes shared by many streams, safe to call from any thread.
 *
 * <p>A taker is never refused: it takes what it needs, the bucket may go into debt, and the taker
 * is told how long to wait before sending. Every later taker then waits for the debt too, which is
 * what makes the rate hold over all streams together. The bucket holds at most a burst of bytes, so
 * an idle period does not buy a long spell at full speed afterwards.
 */
public final class TokenBucket {

  private static final double NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long bytesPerSecond;
  private final long burstBytes;
  private final LongSupplier nanoClock;
  // A double, because nanoseconds times bytes per second overflow a long within a second.
  private double tokens;
  private long refilledAt;

  private TokenBucket(long bytesPerSecond, long burstBytes, LongSupplier nanoClock) {
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = burstBytes;
    this.nanoClock = nanoClock;
    this.tokens = burstBytes;
    this.refilledAt = nanoClock.getAsLong();
  }

  /**
   * Returns a full bucket that refills at {@code bytesPerSecond} and holds a tenth of a second's
   * bytes: Pekko's own throttle was measured accurate with bursts of a twentieth to a tenth of a
   * second, and a tenth keeps the per-element overhead low.
   */
  public static TokenBucket perSecond(long bytesPerSecond) {
    return create(bytesPerSecond, Math.max(1, bytesPerSecond / 10), System::nanoTime);
  }

  /** Returns a full bucket with an explicit burst and clock, for tests. */
  static TokenBucket create(long bytesPerSecond, long burstBytes, LongSupplier nanoClock) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be > 0, was " + bytesPerSecond);
    }
    if (burstBytes <= 0) {
      throw new IllegalArgumentException("burstBytes must be > 0, was " + burstBytes);
    }
    return new TokenBucket(bytesPerSecond, burstBytes, nanoClock);
  }

  /** Returns the most bytes worth sending as one element: a burst. */
  public long burstBytes() {
    return burstBytes;
  }

  /**
   * Takes {@code bytes} from the bucket and returns the nanoseconds to wait before sending them;
   * zero when the bucket held enough.
   */
  public synchronized long take(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
    }
    long now = nanoClock.getAsLong();
    tokens = Math.min(burstBytes, tokens + (now - refilledAt) * (double) bytesPerSecond / NANOS);
    refilledAt = now;
    tokens -= bytes;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS / bytesPerSecond);
  }
}
