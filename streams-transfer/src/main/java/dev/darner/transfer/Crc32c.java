package dev.darner.transfer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.pekko.util.ByteString;

/** Computes the CRC32C that verifies pieces, over ropes of chunks without copying them. */
public final class Crc32c {

  private Crc32c() {}

  /** Returns the CRC32C of {@code bytes}. */
  public static int of(ByteString bytes) {
    CRC32C crc = new CRC32C();
    update(crc, bytes);
    return (int) crc.getValue();
  }

  /** Adds {@code bytes} to the running checksum {@code crc}. */
  public static void update(CRC32C crc, ByteString bytes) {
    for (ByteBuffer buffer : bytes.getByteBuffers()) {
      crc.update(buffer);
    }
  }

  /** Returns {@code crc32c} as eight hex digits, the way logs and errors show it. */
  public static String hex(int crc32c) {
    return String.format("%08x", crc32c);
  }
}
