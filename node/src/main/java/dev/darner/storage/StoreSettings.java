package dev.darner.storage;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the piece store is configured: where it lives, how many bytes it may reserve, and when
 * garbage collection evicts tasks.
 *
 * @param root the directory holding {@code tasks/}
 * @param quotaBytes the most bytes all tasks together may reserve
 * @param highWatermark the fraction of the quota above which garbage collection evicts tasks
 * @param lowWatermark the fraction of the quota that eviction brings the usage back down to
 * @param unusedTtl how long a task may stay unused before garbage collection evicts it
 */
public record StoreSettings(
    Path root, long quotaBytes, double highWatermark, double lowWatermark, Duration unusedTtl) {

  public StoreSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(unusedTtl, "unusedTtl");
    if (quotaBytes <= 0) {
      throw new IllegalArgumentException("quota must be > 0 bytes, was " + quotaBytes);
    }
    if (!(highWatermark > 0 && highWatermark <= 1)) {
      throw new IllegalArgumentException("high-watermark must be in (0, 1], was " + highWatermark);
    }
    if (!(lowWatermark > 0 && lowWatermark <= highWatermark)) {
      throw new IllegalArgumentException(
          "low-watermark must be in (0, high-watermark], was " + lowWatermark);
    }
    if (unusedTtl.isNegative() || unusedTtl.isZero()) {
      throw new IllegalArgumentException("unused-ttl must be positive, was " + unusedTtl);
    }
  }

  /**
   * Reads the settings from the {@code darner.storage} section of the configuration.
   *
   * @param storageSection the section itself, with keys {@code dir}, {@code quota} (a HOCON memory
   *     size), {@code high-watermark}, {@code low-watermark} (fractions of the quota) and {@code
   *     unused-ttl} (a duration)
   * @throws com.typesafe.config.ConfigException naming the key when one is missing or malformed
   * @throws IllegalArgumentException naming the value when it is out of range
   */
  public static StoreSettings fromConfig(Config storageSection) {
    return new StoreSettings(
        Path.of(storageSection.getString("dir")),
        storageSection.getBytes("quota"),
        storageSection.getDouble("high-watermark"),
        storageSection.getDouble("low-watermark"),
        storageSection.getDuration("unused-ttl"));
  }

  /** Returns the usage in bytes above which garbage collection starts evicting. */
  public long highWatermarkBytes() {
    return (long) (quotaBytes * highWatermark);
  }

  /** Returns the usage in bytes that eviction brings the store back down to. */
  public long lowWatermarkBytes() {
    return (long) (quotaBytes * lowWatermark);
  }
}
