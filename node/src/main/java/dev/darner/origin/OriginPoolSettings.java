package dev.darner.origin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;

/**
 * Builds the connection pool settings of back-to-source: the system's {@code
 * pekko.http.host-connection-pool} section with the keys that {@link OriginSettings} owns laid over
 * it, so operators can still tune the rest (socket options, parser) in the usual place.
 */
final class OriginPoolSettings {

  private static final String POOL = "pekko.http.host-connection-pool.";

  private OriginPoolSettings() {}

  /** Returns the pool settings for {@code settings} on top of {@code systemConfig}. */
  static ConnectionPoolSettings create(Config systemConfig, OriginSettings settings) {
    Map<String, Object> own =
        Map.of(
            POOL + "max-connections",
            settings.maxConnectionsPerHost(),
            // Requests beyond this fail at once instead of waiting for a connection; leave room
            // for callers that open more ranges than there are connections.
            POOL + "max-open-requests",
            maxOpenRequests(settings.maxConnectionsPerHost()),
            // Retries belong to HttpOrigin, which counts them and backs off; the pool would retry
            // at once and uncounted.
            POOL + "max-retries",
            0,
            // A caller may take a moment to start reading a body it was handed; the default of 1 s
            // would close connections under slow consumers.
            POOL + "response-entity-subscription-timeout",
            millis(settings.idleTimeout()),
            // After a failed connection the pool waits before the next one; bound that wait by
            // the retry backoff, or a retry could sit in the pool for the default two minutes.
            POOL + "base-connection-backoff",
            millis(settings.minBackoff()),
            POOL + "max-connection-backoff",
            millis(settings.maxBackoff()),
            POOL + "client.connecting-timeout",
            millis(settings.connectTimeout()),
            POOL + "client.idle-timeout",
            millis(settings.idleTimeout()));
    return ConnectionPoolSettings.create(ConfigFactory.parseMap(own).withFallback(systemConfig));
  }

  /** Returns the power of two (as the pool requires) of at least 16 requests per connection. */
  static int maxOpenRequests(int maxConnections) {
    int wanted = Math.max(32, maxConnections * 16);
    return Integer.highestOneBit(wanted - 1) << 1;
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }
}
