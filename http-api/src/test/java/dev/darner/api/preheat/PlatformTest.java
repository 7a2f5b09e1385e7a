package dev.darner.api.preheat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

  @Test
  void parse_withVariant_keepsAllThreeParts() {
    assertEquals(new Platform("linux", "arm64", "v8"), Platform.parse("Linux/ARM64/v8"));
  }

  @Test
  void matches_wantedWithoutVariant_matchesAnyVariant() {
    assertTrue(Platform.parse("linux/arm").matches(Platform.parse("linux/arm/v7")));
    assertFalse(Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm/v7")));
    assertFalse(Platform.parse("linux/amd64").matches(Platform.parse("windows/amd64")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux", "linux/", "/amd64", "a/b/c/d", ""})
  void parse_malformed_refused(String text) {
    assertThrows(IllegalArgumentException.class, () -> Platform.parse(text));
  }
}
