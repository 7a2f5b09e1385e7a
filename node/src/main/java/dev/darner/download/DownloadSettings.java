package dev.darner.download;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The settings of download orchestration, read once from {@code darner.download}.
 *
 * @param originConcurrency piece requests one task keeps open to an origin that honours ranges
 * @param pieceAttempts tries of one piece before the task fails
 * @param minBackoff the wait before the first retry of a piece
 * @param maxBackoff the longest wait between two tries
 * @param openTimeout how long a client waits to learn the content's length
 * @param seedWait how long a peer waits for its seed to learn a task before it goes back to source
 *     itself
 * @param pieceWait how long a client waits for one piece before giving up
 * @param linger how long a finished or failed download stays for clients still reading it
 * @param readChunkSize bytes per chunk read from the store for clients
 * @param peerBuffer bytes of pieces one task may have in flight from peers, held in memory until
 *     verified
 */
public record DownloadSettings(
    int originConcurrency,
    int pieceAttempts,
    Duration minBackoff,
    Duration maxBackoff,
    Duration openTimeout,
    Duration seedWait,
    Duration pieceWait,
    Duration linger,
    int readChunkSize,
    long peerBuffer) {

  public DownloadSettings {
    if (originConcurrency < 1) {
      throw new IllegalArgumentException("origin-concurrency must be >= 1: " + originConcurrency);
    }
    if (pieceAttempts < 1) {
      throw new IllegalArgumentException("piece-attempts must be >= 1: " + pieceAttempts);
    }
    if (readChunkSize < 4096) {
      throw new IllegalArgumentException("read-chunk-size must be >= 4 KiB: " + readChunkSize);
    }
  }

  /** Returns the settings under {@code darner.download} of {@code config}. */
  public static DownloadSettings fromConfig(Config config) {
    Config c = config.getConfig("darner.download");
    return new DownloadSettings(
        c.getInt("origin-concurrency"),
        c.getInt("piece-attempts"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"),
        c.getDuration("open-timeout"),
        c.getDuration("seed-wait"),
        c.getDuration("piece-wait"),
        c.getDuration("linger"),
        (int) c.getMemorySize("read-chunk-size").toBytes(),
        c.getMemorySize("peer-buffer").toBytes());
  }

  /** Returns the wait before try {@code attempt} (1 is the first retry) of a piece. */
  public Duration backoff(int attempt) {
    long millis = minBackoff.toMillis() << Math.min(attempt - 1, 16);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
