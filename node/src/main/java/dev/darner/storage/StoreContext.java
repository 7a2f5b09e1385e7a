package dev.darner.storage;

import java.time.Clock;

/**
 * What every task of one store shares: how files are opened, how metadata is written, the clock
 * that stamps last use, and when and where committed pieces are forced to disk.
 *
 * @param syncIntervalBytes after this many bytes of committed pieces, the data file and then the
 *     journal are forced to disk; this bounds what a power loss can take, while a killed process
 *     loses nothing because the page cache outlives it
 * @param syncer the thread that forces files, so that writers do not wait for it
 */
record StoreContext(
    FileChannels channels,
    MetadataFile metadataFile,
    Clock clock,
    long syncIntervalBytes,
    DiskSyncer syncer) {

  /** Forces to disk after every 256 MiB of pieces: a few seconds of writing on most disks. */
  static final long DEFAULT_SYNC_INTERVAL_BYTES = 256L << 20;

  /** Returns the context of a store on the real file system with the system clock. */
  static StoreContext standard() {
    return of(FileChannels.DEFAULT, Clock.systemUTC());
  }

  /** Returns a context with the default sync interval. */
  static StoreContext of(FileChannels channels, Clock clock) {
    return withSyncInterval(channels, clock, DEFAULT_SYNC_INTERVAL_BYTES);
  }

  /** Returns a context that forces files to disk after every {@code syncIntervalBytes}. */
  static StoreContext withSyncInterval(FileChannels channels, Clock clock, long syncIntervalBytes) {
    return new StoreContext(
        channels, new MetadataFile(channels), clock, syncIntervalBytes, new DiskSyncer());
  }
}
