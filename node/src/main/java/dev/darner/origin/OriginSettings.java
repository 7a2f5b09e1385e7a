package dev.darner.origin;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of back-to-source over HTTP, read once from the {@code darner.origin} section.
 *
 * @param connectTimeout how long to wait for a TCP (and TLS) connection to an origin
 * @param idleTimeout how long a connection may carry no bytes, while waiting for a response or in
 *     the middle of a body, before it is closed; also how long a caller may take to start reading a
 *     body it was handed
 * @param responseTimeout how long to wait for the status line and headers of one request, not
 *     counting the body, which may take as long as it needs while it keeps moving
 * @param maxRedirects how many redirects one request follows before it fails
 * @param maxAttempts how many times a request is tried in all when it fails transiently
 * @param minBackoff the pause before the first retry; it doubles for each further retry
 * @param maxBackoff the longest pause between two attempts
 * @param maxConnectionsPerHost how many connections to one origin host are open at most; requests
 *     beyond it wait for a connection, and that wait counts against the response timeout
 */
public record OriginSettings(
    Duration connectTimeout,
    Duration idleTimeout,
    Duration responseTimeout,
    int maxRedirects,
    int maxAttempts,
    Duration minBackoff,
    Duration maxBackoff,
    int maxConnectionsPerHost) {

  /**
   * Creates settings, refusing values that cannot work.
   *
   * @throws IllegalArgumentException naming the first bad value
   */
  public OriginSettings {
    requirePositive("connect-timeout", connectTimeout);
    requirePositive("idle-timeout", idleTimeout);
    requirePositive("response-timeout", responseTimeout);
    requirePositive("min-backoff", minBackoff);
    requirePositive("max-backoff", maxBackoff);
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("max-redirects must not be negative: " + maxRedirects);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts must be at least 1: " + maxAttempts);
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "max-backoff " + maxBackoff + " must not be shorter than min-backoff " + minBackoff);
    }
    if (maxConnectionsPerHost < 1) {
      throw new IllegalArgumentException(
          "max-connections-per-host must be at least 1: " + maxConnectionsPerHost);
    }
  }

  /**
   * Reads settings from {@code originSection}, the {@code darner.origin} section of the
   * configuration.
   *
   * @throws com.typesafe.config.ConfigException when a key is missing or has the wrong type
   * @throws IllegalArgumentException naming the first value that cannot work
   */
  public static OriginSettings fromConfig(Config originSection) {
    return new OriginSettings(
        originSection.getDuration("connect-timeout"),
        originSection.getDuration("idle-timeout"),
        originSection.getDuration("response-timeout"),
        originSection.getInt("max-redirects"),
        originSection.getInt("max-attempts"),
        originSection.getDuration("min-backoff"),
        originSection.getDuration("max-backoff"),
        originSection.getInt("max-connections-per-host"));
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
