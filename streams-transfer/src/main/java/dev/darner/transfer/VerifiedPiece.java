package dev.darner.transfer;

import dev.darner.task.TaskId;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * One whole piece whose bytes are known to match {@code crc32c}: either checked against the CRC32C
 * the task's metadata gives for it, or read from the origin (where the CRC32C is computed, since
 * the origin is the truth).
 *
 * <p>The bytes may be a rope of many chunks; write them with {@link ByteString#getByteBuffers()} to
 * avoid copying.
 */
public record VerifiedPiece(TaskId task, int index, int crc32c, ByteString bytes) {

  public VerifiedPiece {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(bytes, "bytes");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
  }

  /** Returns the piece of {@code bytes} read from the origin, computing its CRC32C. */
  public static VerifiedPiece fromOrigin(TaskId task, int index, ByteString bytes) {
    return new VerifiedPiece(task, index, Crc32c.of(bytes), bytes);
  }

  /** Returns the number of bytes in the piece. */
  public int length() {
    return bytes.size();
  }

  @Override
  public String toString() {
    return "VerifiedPiece[" + task.shortForm() + "#" + index + ", " + bytes.size() + " bytes]";
  }
}
