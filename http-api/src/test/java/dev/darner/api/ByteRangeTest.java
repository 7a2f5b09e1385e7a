package dev.darner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void parse_noHeader_wholeContent() {
    assertTrue(ByteRange.parse(Optional.empty(), 100).isEmpty());
  }

  @Test
  void parse_closedRange_exactBytes() {
    ByteRange r = ByteRange.parse(Optional.of("bytes=10-19"), 100).orElseThrow();

    assertEquals(10, r.first());
    assertEquals(10, r.length());
    assertEquals("bytes 10-19/100", r.contentRange(100));
  }

  @Test
  void parse_openRange_toTheEnd() {
    assertEquals(new ByteRange(90, 99), ByteRange.parse(Optional.of("bytes=90-"), 100).get());
  }

  @Test
  void parse_suffixRange_lastBytes() {
    assertEquals(new ByteRange(70, 99), ByteRange.parse(Optional.of("bytes=-30"), 100).get());
    assertEquals(new ByteRange(0, 99), ByteRange.parse(Optional.of("bytes=-300"), 100).get());
  }

  @Test
  void parse_lastBeyondEnd_clipped() {
    assertEquals(new ByteRange(50, 99), ByteRange.parse(Optional.of("bytes=50-500"), 100).get());
  }

  @Test
  void parse_firstBeyondEnd_unsatisfiable() {
    DownloadFailure f =
        assertThrows(DownloadFailure.class, () -> ByteRange.parse(Optional.of("bytes=100-"), 100));

    assertEquals(DownloadFailure.Kind.RANGE_NOT_SATISFIABLE, f.kind());
  }

  @Test
  void parse_severalRanges_wholeContent() {
    assertTrue(ByteRange.parse(Optional.of("bytes=0-1,5-6"), 100).isEmpty());
  }
}
