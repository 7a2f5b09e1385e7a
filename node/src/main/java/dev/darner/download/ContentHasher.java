package dev.darner.download;

import dev.darner.storage.StoredTask;
import dev.darner.task.Digest;
import dev.darner.task.PieceLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes the SHA-256 of a task's content piece by piece, in order, from the store, so that
 * verifying the whole task overlaps with fetching it instead of following it.
 *
 * <p>Not thread-safe: its owner hands it to one hashing job at a time.
 */
final class ContentHasher {

  private static final int CHUNK = 1 << 20;

  private final MessageDigest sha256;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private int next;

  ContentHasher() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Returns the index of the next piece to hash. */
  int next() {
    return next;
  }

  /** Hashes piece {@link #next()} of {@code task}, which must be stored, and moves on. */
  ContentHasher hashNext(StoredTask task) throws IOException {
    PieceLayout layout = task.metadata().layout();
    long position = layout.offset(next);
    long end = position + layout.length(next);
    while (position < end) {
      buffer.clear().limit((int) Math.min(CHUNK, end - position));
      int read = task.read(position, buffer);
      if (read <= 0) {
        throw new IOException("store ended at byte " + position + " of piece " + next);
      }
      buffer.flip();
      sha256.update(buffer);
      position += read;
    }
    next++;
    return this;
  }

  /** Returns the digest of everything hashed; call once, after the last piece. */
  Digest digest() {
    return Digest.sha256(sha256.digest());
  }
}
