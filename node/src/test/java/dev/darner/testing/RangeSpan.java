package dev.darner.testing;

import java.util.Locale;

/**
 * A satisfiable single byte range of a {@code Range} header, as the test origin serves it.
 *
 * @param first the position of the first byte
 * @param length how many bytes
 */
record RangeSpan(long first, long length) {

  /** Stands for "serve the whole content", as for a header that is not one byte range. */
  static final RangeSpan WHOLE = new RangeSpan(-1, -1);

  /**
   * Returns the span of {@code header} in content of {@code size} bytes, {@link #WHOLE} when the
   * header is not a single valid byte range (the whole content is then served, as the HTTP
   * specification allows), or null when the range cannot be satisfied.
   */
  static RangeSpan parse(String header, long size) {
    String value = header.trim().toLowerCase(Locale.ROOT);
    if (!value.startsWith("bytes=") || value.contains(",")) {
      return WHOLE;
    }
    String spec = value.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return WHOLE;
    }
    try {
      String start = spec.substring(0, dash).trim();
      String end = spec.substring(dash + 1).trim();
      if (start.isEmpty()) {
        long suffix = Long.parseLong(end);
        if (suffix == 0 || size == 0) {
          return null;
        }
        return new RangeSpan(Math.max(0, size - suffix), Math.min(suffix, size));
      }
      long first = Long.parseLong(start);
      long last = end.isEmpty() ? Long.MAX_VALUE : Long.parseLong(end);
      if (last < first) {
        return WHOLE;
      }
      if (first >= size) {
        return null;
      }
      return new RangeSpan(first, Math.min(last, size - 1) - first + 1);
    } catch (NumberFormatException e) {
      return WHOLE;
    }
  }
}
