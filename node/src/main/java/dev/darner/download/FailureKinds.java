package dev.darner.download;

import dev.darner.api.DownloadFailure;
import dev.darner.api.DownloadFailure.Kind;
import dev.darner.origin.OriginException;
import dev.darner.storage.StorageFullException;
import java.util.concurrent.CompletionException;

/** Turns what went wrong below the download into a failure a client can act on. */
final class FailureKinds {

  private FailureKinds() {}

  /** Returns {@code failure} as a download failure, keeping its message. */
  static DownloadFailure classify(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof DownloadFailure df) {
      return df;
    }
    if (cause instanceof StorageFullException full) {
      return new DownloadFailure(Kind.STORAGE_FULL, full.getMessage(), full);
    }
    if (cause instanceof OriginException origin) {
      Kind kind =
          switch (origin.kind()) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case CLIENT_ERROR -> Kind.ORIGIN_REFUSED;
            case TIMEOUT -> Kind.ORIGIN_TIMEOUT;
            default -> Kind.ORIGIN_UNAVAILABLE;
          };
      return new DownloadFailure(kind, origin.getMessage(), origin);
    }
    if (cause instanceof java.io.IOException io) {
      return new DownloadFailure(Kind.ORIGIN_UNAVAILABLE, "fetch failed: " + io.getMessage(), io);
    }
    return new DownloadFailure(Kind.INTERNAL, "download failed: " + cause, cause);
  }

  /** Returns whether trying again may succeed where {@code failure} did not. */
  static boolean isTransient(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof OriginException origin) {
      return origin.isTransient();
    }
    if (cause instanceof StorageFullException || cause instanceof DownloadFailure) {
      return false;
    }
    return cause instanceof java.io.IOException
        || cause instanceof java.io.UncheckedIOException
        || cause instanceof IllegalStateException;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof java.io.UncheckedIOException unchecked
        && unchecked.getCause() instanceof StorageFullException full) {
      return full;
    }
    return cause;
  }
}
