package dev.darner.api.proxy;

import java.util.List;
import java.util.Locale;
import org.apache.pekko.util.ByteString;

/**
 * Cuts the head of the first request off a connection's bytes: it collects bytes until the blank
 * line that ends the head, then emits the head as one element and everything after it unchanged.
 *
 * <p>Not thread-safe: one per connection, used by one stream stage.
 */
final class RequestHead {

  /** The longest head accepted; Pekko's own server refuses longer request lines and headers. */
  static final int MAX_HEAD = 64 * 1024;

  private static final ByteString END = ByteString.fromString("\r\n\r\n");

  private ByteString pending = ByteString.emptyByteString();
  private boolean cut;

  /** Returns what to emit after {@code bytes} arrived: nothing yet, the head, or bytes after it. */
  List<ByteString> accept(ByteString bytes) {
    if (cut) {
      return List.of(bytes);
    }
    pending = pending.concat(bytes);
    int end = pending.indexOfSlice(END);
    if (end < 0) {
      if (pending.size() > MAX_HEAD) {
        throw new IllegalArgumentException("request head longer than " + MAX_HEAD + " bytes");
      }
      return List.of();
    }
    cut = true;
    ByteString head = pending.take(end + END.size());
    ByteString rest = pending.drop(end + END.size());
    pending = ByteString.emptyByteString();
    return rest.isEmpty() ? List.of(head) : List.of(head, rest);
  }

  /**
   * Returns the {@code host:port} a {@code CONNECT} head asks for, or null when {@code head} is not
   * a {@code CONNECT}.
   */
  static String connectTarget(ByteString head) {
    String requestLine = head.utf8String().lines().findFirst().orElse("");
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[0].toUpperCase(Locale.ROOT).equals("CONNECT")) {
      return null;
    }
    return parts[1];
  }
}
