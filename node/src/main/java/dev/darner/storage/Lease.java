package dev.darner.storage;

/**
 * Marks a task as in use: while any lease on it is open, the task is never evicted or removed.
 * Closing a lease twice has no further effect.
 */
public interface Lease extends AutoCloseable {

  /** Releases the task; it becomes evictable again once every lease on it is closed. */
  @Override
  void close();
}
