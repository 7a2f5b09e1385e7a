package dev.darner.origin;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.headers.ByteRange;
import org.apache.pekko.http.javadsl.model.headers.Range;
import org.apache.pekko.http.javadsl.model.headers.RangeUnits;

/**
 * The bytes a caller asked for.
 *
 * @param offset the position of the first byte
 * @param length how many bytes, or -1 for all up to the end
 */
record RequestedRange(long offset, long length) {

  RequestedRange {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    if (length < -1 || length == 0) {
      throw new IllegalArgumentException("length must be positive or -1: " + length);
    }
    if (length > 0 && offset > Long.MAX_VALUE - length) {
      throw new IllegalArgumentException("offset + length overflows: " + offset + " + " + length);
    }
  }

  /** Returns whether the whole content is asked for, so no range header is needed. */
  boolean isWhole() {
    return offset == 0 && length == -1;
  }

  /** Returns whether the range runs to the end of the content. */
  boolean isOpenEnded() {
    return length == -1;
  }

  /** Returns the {@code Range} header to send, or none for the whole content. */
  Optional<Range> header() {
    if (isWhole()) {
      return Optional.empty();
    }
    ByteRange range =
        isOpenEnded()
            ? ByteRange.createFromOffset(offset)
            : ByteRange.createSlice(offset, offset + length - 1);
    return Optional.of(Range.create(RangeUnits.BYTES, range));
  }

  @Override
  public String toString() {
    return isOpenEnded()
        ? "bytes " + offset + "-"
        : "bytes " + offset + "-" + (offset + length - 1);
  }
}
