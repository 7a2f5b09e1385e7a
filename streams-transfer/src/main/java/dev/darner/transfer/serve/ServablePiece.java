package dev.darner.transfer.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A verified piece as the server sends it: its length and CRC32C, which go into the header before
 * any byte is read, and the source of its bytes.
 *
 * <p>The source must emit exactly {@code length} bytes. The server checks this; when it does not
 * hold, the connection is closed, since the child can no longer tell where the next answer starts.
 * Large elements make Pekko TCP fast: emit chunks of hundreds of KiB, not a few KiB.
 */
public record ServablePiece(int length, int crc32c, Source<ByteString, ?> bytes) {

  public ServablePiece {
    Objects.requireNonNull(bytes, "bytes");
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, was " + length);
    }
  }

  /**
   * Returns the piece held in memory as {@code bytes}, sent in slices of {@code chunkSize} bytes
   * (slices share the bytes, they do not copy them).
   */
  public static ServablePiece inMemory(ByteString bytes, int crc32c, int chunkSize) {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0, was " + chunkSize);
    }
    List<ByteString> chunks = new ArrayList<>(bytes.size() / chunkSize + 1);
    for (int start = 0; start < bytes.size(); start += chunkSize) {
      chunks.add(bytes.slice(start, Math.min(bytes.size(), start + chunkSize)));
    }
    return new ServablePiece(bytes.size(), crc32c, Source.from(chunks));
  }

  /**
   * Returns the piece of {@code length} bytes at {@code offset} in {@code file}, read in chunks of
   * {@code chunkSize} bytes on Pekko's blocking I/O dispatcher when the server sends it.
   */
  public static ServablePiece inFile(
      Path file, long offset, int length, int crc32c, int chunkSize) {
    Objects.requireNonNull(file, "file");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0, was " + chunkSize);
    }
    return new ServablePiece(length, crc32c, FileChunks.of(file, offset, length, chunkSize));
  }
}
