package dev.darner.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void parse_upperCaseHex_foldedToLowerCase() {
    Digest d = Digest.parse("SHA256:" + "AB".repeat(32));

    assertEquals("sha256:" + "ab".repeat(32), d.toString());
  }

  @Test
  void parse_otherAlgorithm_refused() {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:abcd"));
  }

  @Test
  void parse_shortHex_refused() {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:abcd"));
  }

  @Test
  void parse_noColon_refused() {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("ab".repeat(32)));
  }
}
