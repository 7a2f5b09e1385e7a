package dev.darner.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Bounded polling for tests that wait on another process: never an open-ended wait. */
public final class Poll {

  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private Poll() {}

  /**
   * Returns once {@code condition} holds, asking every 50 ms; exceptions count as "not yet".
   *
   * @throws AssertionError naming {@code what} when it does not hold within {@code limit}
   */
  public static void until(String what, Duration limit, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.call()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      LockSupport.parkNanos(INTERVAL_NANOS);
    }
    throw new AssertionError(what + " did not happen within " + limit.toSeconds() + " s", last);
  }
}
