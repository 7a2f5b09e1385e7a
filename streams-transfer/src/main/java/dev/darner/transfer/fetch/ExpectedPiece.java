package dev.darner.transfer.fetch;

import dev.darner.task.TaskId;
import java.util.Objects;

/**
 * The piece a child wants and what it must look like: its length from the task's layout and its
 * CRC32C from the task's metadata. A parent's piece is accepted only if it matches both.
 */
public record ExpectedPiece(TaskId task, int index, int length, int crc32c) {

  public ExpectedPiece {
    Objects.requireNonNull(task, "task");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, was " + length);
    }
  }

  @Override
  public String toString() {
    return task.shortForm() + "#" + index;
  }
}
