package dev.darner.origin;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.scaladsl.model.IllegalResponseException;
import org.apache.pekko.http.scaladsl.model.ParsingException;

/** Translates what the HTTP client throws into an {@link OriginException}. */
final class Failures {

  private Failures() {}

  /** Returns {@code failure}, seen while talking to {@code url}, as an origin failure. */
  static OriginException classify(URI url, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof OriginException known) {
      return known;
    }
    String why = rootMessage(cause);
    if (has(cause, UnknownHostException.class)) {
      return OriginException.unreachable(url, "unknown host " + url.getHost(), cause);
    }
    if (isTimeout(cause)) {
      return OriginException.timeout(url, "the connection timed out (" + why + ")", cause);
    }
    if (has(cause, IllegalResponseException.class) || has(cause, ParsingException.class)) {
      return OriginException.badResponse(url, -1, "malformed response (" + why + ")");
    }
    return OriginException.unreachable(url, "no connection (" + why + ")", cause);
  }

  /**
   * Returns whether {@code failure} is a time-out: a connect time-out or an idle connection. Pekko
   * reports connect time-outs only in a message, so the message is read too.
   */
  static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains("timeout")) {
        return true;
      }
    }
    return false;
  }

  /** Returns the failure inside the wrappers that futures add. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
