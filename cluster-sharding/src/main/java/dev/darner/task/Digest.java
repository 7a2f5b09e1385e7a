package dev.darner.task;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest in the OCI form {@code algorithm:hex}. Only SHA-256 is verified today, so only
 * SHA-256 is accepted: a digest we cannot check must not be let through as if it were checked.
 */
public record Digest(String algorithm, String hex) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    if (!algorithm.equals("sha256")) {
      throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    }
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("sha256 digest must be 64 lowercase hex digits: " + hex);
    }
  }

  /**
   * Returns the digest written as {@code sha256:HEX}; upper-case hex is folded to lower case.
   *
   * @throws IllegalArgumentException naming the value when it is not a SHA-256 digest
   */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "digest");
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("digest must look like sha256:<64 hex digits>: " + text);
    }
    return new Digest(
        text.substring(0, colon).toLowerCase(Locale.ROOT),
        text.substring(colon + 1).toLowerCase(Locale.ROOT));
  }

  /** Returns the SHA-256 digest of the 32 bytes {@code sha256}. */
  public static Digest sha256(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("sha256 must be 32 bytes, was " + sha256.length);
    }
    return new Digest("sha256", HexFormat.of().formatHex(sha256));
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
