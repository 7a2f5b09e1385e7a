package dev.darner.origin;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range} value as an origin sends it: {@code bytes 0-99/1000}, {@code bytes
 * 0-99/*}, or {@code bytes *}{@code /1000} for a range it could not satisfy.
 *
 * @param first the position of the first byte sent, or -1 when unsatisfied
 * @param last the position of the last byte sent, or -1 when unsatisfied
 * @param total the length of the whole content, or -1 when the origin does not know it
 */
record ServedRange(long first, long last, long total) {

  private static final Pattern SATISFIED =
      Pattern.compile("bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNSATISFIED =
      Pattern.compile("bytes\\s+\\*/(\\d{1,18})", Pattern.CASE_INSENSITIVE);

  /** Returns {@code value} parsed, or empty when it is not a valid single byte range. */
  static Optional<ServedRange> parse(String value) {
    String trimmed = value.trim();
    Matcher satisfied = SATISFIED.matcher(trimmed);
    if (satisfied.matches()) {
      long first = Long.parseLong(satisfied.group(1));
      long last = Long.parseLong(satisfied.group(2));
      long total = satisfied.group(3).equals("*") ? -1 : Long.parseLong(satisfied.group(3));
      if (last < first || (total >= 0 && last >= total)) {
        return Optional.empty();
      }
      return Optional.of(new ServedRange(first, last, total));
    }
    Matcher unsatisfied = UNSATISFIED.matcher(trimmed);
    if (unsatisfied.matches()) {
      return Optional.of(new ServedRange(-1, -1, Long.parseLong(unsatisfied.group(1))));
    }
    return Optional.empty();
  }

  /** Returns whether the origin sent bytes, rather than refusing the range. */
  boolean isSatisfied() {
    return first >= 0;
  }

  /** Returns how many bytes were sent. */
  long length() {
    return last - first + 1;
  }

  /** Returns the length of the whole content, when known. */
  OptionalLong totalLength() {
    return total < 0 ? OptionalLong.empty() : OptionalLong.of(total);
  }
}
