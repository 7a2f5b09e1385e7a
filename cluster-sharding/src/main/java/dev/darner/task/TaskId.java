package dev.darner.task;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one task: the lowercase hex SHA-256 of the canonical form of what makes its content unique.
 *
 * <p>Build one with {@link TaskIds}; parse one received from a peer or a user with {@link #of}.
 */
public record TaskId(String hex) implements Comparable<TaskId> {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public TaskId {
    Objects.requireNonNull(hex, "hex");
    if (!HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("task id must be 64 lowercase hex digits: " + hex);
    }
  }

  /** Returns the task id written as {@code hex}, refusing anything but 64 lowercase hex digits. */
  public static TaskId of(String hex) {
    return new TaskId(hex);
  }

  /** Returns the first twelve digits, enough to tell tasks apart in logs and tables. */
  public String shortForm() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(TaskId other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
