package dev.darner.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Forces tasks' files to disk on one background thread, so that a writer never waits for the disk
 * to catch up with the page cache: while one batch of pieces is being forced, the next is already
 * being written.
 */
final class DiskSyncer implements AutoCloseable {

  /** How long closing waits for syncs already requested; a sync is a matter of seconds. */
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread daemon = new Thread(runnable, "darner-piece-store-sync");
            daemon.setDaemon(true);
            return daemon;
          });

  /** Runs {@code sync} on the sync thread; after {@link #close} it is not run at all. */
  void submit(Runnable sync) {
    try {
      thread.execute(sync);
    } catch (RejectedExecutionException e) {
      // The store is closing; its tasks' files are forced or closed as part of that.
    }
  }

  /** Waits, boundedly, for the syncs already requested, then stops the sync thread. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
