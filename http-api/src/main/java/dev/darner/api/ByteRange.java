package dev.darner.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of content of a known length, from a {@code Range} header.
 *
 * <p>Pekko's range support reads and drops every byte before a range and refuses streamed entities,
 * so the routes parse {@code Range} here and read the store from the offset instead. Only a single
 * range is honoured; a multi-range request gets the whole content, which RFC 9110 allows.
 */
public record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /** Returns how many bytes the range covers. */
  public long length() {
    return last - first + 1;
  }

  /** Returns the value of the {@code Content-Range} header for this range of {@code total}. */
  public String contentRange(long total) {
    return "bytes " + first + "-" + last + "/" + total;
  }

  /**
   * Returns the range a {@code Range} header asks of content of {@code total} bytes, or empty when
   * the whole content should be sent (no header, several ranges, or a unit we do not know).
   *
   * @throws DownloadFailure of kind RANGE_NOT_SATISFIABLE when the range lies outside the content
   */
  public static Optional<ByteRange> parse(Optional<String> header, long total) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.get().trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      return Optional.of(resolve(m.group(1), m.group(2), total, header.get()));
    } catch (NumberFormatException tooLarge) {
      throw unsatisfiable(header.get(), total);
    }
  }

  private static ByteRange resolve(String from, String to, long total, String header) {
    if (from.isEmpty()) {
      long suffix = Long.parseLong(to);
      if (suffix == 0 || total == 0) {
        throw unsatisfiable(header, total);
      }
      return new ByteRange(Math.max(0, total - suffix), total - 1);
    }
    long first = Long.parseLong(from);
    long last = to.isEmpty() ? total - 1 : Math.min(Long.parseLong(to), total - 1);
    if (first >= total || last < first) {
      throw unsatisfiable(header, total);
    }
    return new ByteRange(first, last);
  }

  private static DownloadFailure unsatisfiable(String header, long total) {
    return new DownloadFailure(
        DownloadFailure.Kind.RANGE_NOT_SATISFIABLE,
        "range '" + header + "' lies outside the content of " + total + " bytes");
  }
}
