package dev.darner.process;

import dev.darner.testing.TestContent;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashes what the tests compare: the content an origin serves and the bodies nodes return. */
final class Sha256 {

  private static final int CHUNK = 1 << 20;

  private Sha256() {}

  /** Returns the hex SHA-256 of all of {@code content}, read in chunks, never held whole. */
  static String of(TestContent content) {
    MessageDigest sha = digest();
    byte[] buffer = new byte[CHUNK];
    for (long at = 0; at < content.size(); at += buffer.length) {
      int n = (int) Math.min(buffer.length, content.size() - at);
      content.read(at, buffer, 0, n);
      sha.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Returns the hex SHA-256 of everything {@code in} yields, and closes it. */
  static String of(InputStream in) throws IOException {
    MessageDigest sha = digest();
    try (in) {
      byte[] buffer = new byte[CHUNK];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
