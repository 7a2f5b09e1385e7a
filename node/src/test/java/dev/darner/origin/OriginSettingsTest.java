package dev.darner.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OriginSettingsTest {

  private static final String SECTION =
      """
      connect-timeout = 5s
      idle-timeout = 30s
      response-timeout = 20s
      max-redirects = 5
      max-attempts = 4
      min-backoff = 200ms
      max-backoff = 10s
      max-connections-per-host = 16
      """;

  @Test
  void fromConfig_fullSection_readsEveryKey() {
    Config section = ConfigFactory.parseString(SECTION);

    OriginSettings settings = OriginSettings.fromConfig(section);

    assertEquals(
        new OriginSettings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            5,
            4,
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            16),
        settings);
  }

  @Test
  void fromConfig_zeroAttempts_isRefusedNamingKey() {
    Config section =
        ConfigFactory.parseString("max-attempts = 0\n" + SECTION.replace("max-attempts = 4", ""));

    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> OriginSettings.fromConfig(section));

    assertTrue(thrown.getMessage().startsWith("max-attempts"));
  }

  @Test
  void create_maxBackoffBelowMin_isRefused() {
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new OriginSettings(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    0,
                    1,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    1));

    assertTrue(thrown.getMessage().startsWith("max-backoff"));
  }

  @Test
  void maxOpenRequests_anyConnections_isPowerOfTwoWithRoom() {
    assertEquals(32, OriginPoolSettings.maxOpenRequests(1));
    assertEquals(64, OriginPoolSettings.maxOpenRequests(4));
    assertEquals(256, OriginPoolSettings.maxOpenRequests(10));
  }
}
