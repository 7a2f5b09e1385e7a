package dev.darner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

  private static final String SECTION =
      """
      dir = "/var/lib/darner"
      quota = 20 GiB
      high-watermark = 0.9
      low-watermark = 0.7
      unused-ttl = 6 hours
      """;

  @Test
  void fromConfig_everyKey_readsSettings() {
    Config section = ConfigFactory.parseString(SECTION);

    StoreSettings settings = StoreSettings.fromConfig(section);

    assertEquals(Path.of("/var/lib/darner"), settings.root());
    assertEquals(20L << 30, settings.quotaBytes());
    assertEquals(0.9, settings.highWatermark());
    assertEquals(0.7, settings.lowWatermark());
    assertEquals(Duration.ofHours(6), settings.unusedTtl());
  }

  @Test
  void fromConfig_missingKey_failsNamingIt() {
    Config section = ConfigFactory.parseString(SECTION).withoutPath("quota");

    ConfigException.Missing missing =
        assertThrows(ConfigException.Missing.class, () -> StoreSettings.fromConfig(section));

    assertTrue(missing.getMessage().contains("quota"), missing.getMessage());
  }

  @Test
  void fromConfig_lowAboveHighWatermark_failsNamingTheValue() {
    Config section =
        ConfigFactory.parseString("low-watermark = 0.95")
            .withFallback(ConfigFactory.parseString(SECTION));

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> StoreSettings.fromConfig(section));

    assertTrue(refused.getMessage().contains("low-watermark"), refused.getMessage());
    assertTrue(refused.getMessage().contains("0.95"), refused.getMessage());
  }

  @Test
  void new_zeroQuota_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new StoreSettings(Path.of("x"), 0, 0.9, 0.7, Duration.ofHours(1)));
  }

  @Test
  void watermarkBytes_areFractionsOfQuota() {
    StoreSettings settings = new StoreSettings(Path.of("x"), 1000, 0.9, 0.7, Duration.ofHours(1));

    long high = settings.highWatermarkBytes();
    long low = settings.lowWatermarkBytes();

    assertEquals(900, high);
    assertEquals(700, low);
  }
}
