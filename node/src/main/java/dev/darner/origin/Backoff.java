package dev.darner.origin;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Pauses between attempts: exponential from a minimum to a maximum, each stretched by a random
 * factor of up to 20 % so that many peers that failed together do not retry together.
 */
final class Backoff {

  private static final double JITTER = 0.2;

  private final Duration min;
  private final Duration max;
  private final DoubleSupplier random;

  Backoff(Duration min, Duration max, DoubleSupplier random) {
    this.min = min;
    this.max = max;
    this.random = random;
  }

  /** Returns a backoff with the settings' bounds and a thread-local random source. */
  static Backoff of(OriginSettings settings) {
    return new Backoff(
        settings.minBackoff(),
        settings.maxBackoff(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Returns the pause after failed attempt number {@code attempt} (1 for the first). A pause the
   * origin asked for is honored up to the maximum, since a retry much later than that maximum would
   * hold the caller longer than the settings allow.
   */
  Duration pauseAfter(int attempt, Optional<Duration> requested) {
    double base = min.toNanos() * Math.pow(2, Math.min(attempt - 1, 30));
    double jittered = base * (1 + JITTER * random.getAsDouble());
    long nanos = (long) Math.min(max.toNanos(), jittered);
    long asked = requested.map(Duration::toNanos).orElse(0L);
    return Duration.ofNanos(Math.min(max.toNanos(), Math.max(nanos, asked)));
  }
}
