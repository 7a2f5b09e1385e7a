package dev.darner.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServedRangeTest {

  @Test
  void parse_rangeWithTotal_returnsAllThree() {
    Optional<ServedRange> parsed = ServedRange.parse("bytes 100-199/1000");

    assertEquals(Optional.of(new ServedRange(100, 199, 1000)), parsed);
    assertEquals(100, parsed.get().length());
  }

  @Test
  void parse_unknownTotal_returnsMinusOneTotal() {
    Optional<ServedRange> parsed = ServedRange.parse("bytes 0-9/*");

    assertEquals(Optional.of(new ServedRange(0, 9, -1)), parsed);
    assertFalse(parsed.get().totalLength().isPresent());
  }

  @Test
  void parse_unsatisfied_returnsTotalOnly() {
    Optional<ServedRange> parsed = ServedRange.parse("bytes */5000");

    assertEquals(Optional.of(new ServedRange(-1, -1, 5000)), parsed);
    assertFalse(parsed.get().isSatisfied());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "bytes", "bytes 9-0/10", "bytes 0-10/10", "items 0-1/2", "bytes 0-1/2, 4-5/6"})
  void parse_invalidValue_returnsEmpty(String value) {
    Optional<ServedRange> parsed = ServedRange.parse(value);

    assertEquals(Optional.empty(), parsed);
  }
}
