package dev.darner.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Content that a {@link TestOrigin} serves: either a byte array or deterministic pseudo-random
 * bytes computed from their position, so a test can serve gigabytes without holding them in memory
 * and still check every byte it receives.
 */
public abstract class TestContent {

  private TestContent() {}

  /** Returns content holding a copy of {@code bytes}. */
  public static TestContent of(byte[] bytes) {
    return new ArrayContent(bytes.clone());
  }

  /**
   * Returns {@code size} pseudo-random bytes determined by {@code seed}: two contents with the same
   * size and seed are equal byte for byte.
   */
  public static TestContent random(long size, long seed) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    return new RandomContent(size, seed);
  }

  /** Returns the length of the content in bytes. */
  public abstract long size();

  /**
   * Copies {@code length} bytes starting at {@code position} into {@code target} at {@code offset}.
   *
   * @throws IndexOutOfBoundsException when the span is not inside the content or the target
   */
  public abstract void read(long position, byte[] target, int offset, int length);

  /** Returns a copy of {@code length} bytes starting at {@code position}. */
  public byte[] bytes(long position, int length) {
    byte[] result = new byte[length];
    read(position, result, 0, length);
    return result;
  }

  /** Returns a copy of the whole content; meant for contents that fit in memory. */
  public byte[] bytes() {
    return bytes(0, Math.toIntExact(size()));
  }

  final void checkSpan(long position, byte[] target, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, target.length);
    if (position < 0 || length < 0 || position + length > size()) {
      throw new IndexOutOfBoundsException(
          "span " + position + "+" + length + " outside content of " + size() + " bytes");
    }
  }

  private static final class ArrayContent extends TestContent {
    private final byte[] bytes;

    ArrayContent(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void read(long position, byte[] target, int offset, int length) {
      checkSpan(position, target, offset, length);
      System.arraycopy(bytes, (int) position, target, offset, length);
    }

    @Override
    public String toString() {
      return "TestContent[" + bytes.length + " bytes, hash " + Arrays.hashCode(bytes) + "]";
    }
  }

  /**
   * Each aligned 8-byte word is SplitMix64 of its index mixed with the seed: cheap enough to
   * generate at gigabytes per second and without visible patterns that compression could exploit.
   */
  private static final class RandomContent extends TestContent {
    private final long size;
    private final long seed;

    RandomContent(long size, long seed) {
      this.size = size;
      this.seed = seed;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public void read(long position, byte[] target, int offset, int length) {
      checkSpan(position, target, offset, length);
      ByteBuffer words = ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN);
      long pos = position;
      int out = offset;
      int end = offset + length;
      while (out < end && (pos & 7) != 0) {
        target[out++] = byteAt(pos++);
      }
      while (end - out >= 8) {
        words.putLong(out, word(pos >>> 3));
        out += 8;
        pos += 8;
      }
      while (out < end) {
        target[out++] = byteAt(pos++);
      }
    }

    private byte byteAt(long position) {
      return (byte) (word(position >>> 3) >>> ((position & 7) * 8));
    }

    private long word(long index) {
      long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
      return "TestContent[" + size + " random bytes, seed " + seed + "]";
    }
  }
}
