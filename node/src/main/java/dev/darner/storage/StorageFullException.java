package dev.darner.storage;

import dev.darner.task.TaskId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Thrown when a task does not fit: either its length does not fit the store's quota after garbage
 * collection, or the disk under the store ran out of space while a piece was written. In both cases
 * the store stays consistent: the task is not created, or the piece stays absent.
 */
public final class StorageFullException extends IOException {

  private StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Returns the exception for a task of {@code neededBytes} that the quota cannot hold. */
  static StorageFullException quotaExceeded(
      TaskId task, long neededBytes, long quotaBytes, long usedBytes, int tasks, int inUse) {
    return new StorageFullException(
        String.format(
            Locale.ROOT,
            "cannot store task %s: it needs %s but the store quota is %s and %s of it is"
                + " reserved by %d task(s), %d of them in use and not evictable",
            task.shortForm(),
            bytes(neededBytes),
            bytes(quotaBytes),
            bytes(usedBytes),
            tasks,
            inUse),
        null);
  }

  /** Returns the exception for a disk that ran out of space while writing piece {@code index}. */
  static StorageFullException diskFull(TaskId task, int index, Path file, IOException cause) {
    String where = index < 0 ? "" : " piece " + index + " of";
    return new StorageFullException(
        "disk full while writing"
            + where
            + " task "
            + task.shortForm()
            + " to "
            + file
            + ": "
            + cause.getMessage(),
        cause);
  }

  /**
   * Returns whether {@code e} reports a full disk or an exhausted disk quota, judged by the
   * operating system's message because Java maps ENOSPC and EDQUOT to a plain IOException.
   */
  static boolean isDiskFull(IOException e) {
    if (e instanceof StorageFullException) {
      return true;
    }
    String message = e.getMessage();
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("no space left on device")
        || lower.contains("disk quota exceeded")
        || lower.contains("not enough space on the disk");
  }

  /** Returns {@code e} as a StorageFullException when it reports a full disk, else {@code e}. */
  static IOException translate(TaskId task, int index, Path file, IOException e) {
    if (e instanceof StorageFullException || !isDiskFull(e)) {
      return e;
    }
    return diskFull(task, index, file, e);
  }

  /** Returns {@code count} bytes written for a person, with the exact count beside it. */
  static String bytes(long count) {
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (count < 1024) {
      return count + " bytes";
    }
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], count);
  }
}
