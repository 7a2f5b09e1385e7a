package dev.darner.transfer.serve;

import dev.darner.task.TaskId;
import dev.darner.transfer.VerifiedPiece;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Recently received pieces kept in memory, so that a host serving a piece it has just fetched does
 * not read it back from its disk. Holds at most a fixed number of bytes; the piece used least
 * recently (received or served) goes first.
 *
 * <p>The node offers every piece it has verified; put the cache in front of the store with {@link
 * #inFrontOf}. The store stays the authority on what the host holds: the cache only replaces the
 * bytes of a piece the store still vouches for, so a task removed, evicted or discarded after a
 * digest mismatch is never served from memory. Pieces read from the disk to be served are not
 * added, as that would cost a copy of every piece served while the disk already caches what is read
 * often. Safe to use from any thread.
 */
public final class PieceCache {

  private record Key(TaskId task, int index) {}

  private final long maxBytes;
  private final Map<Key, VerifiedPiece> pieces = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  private PieceCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Returns an empty cache that holds at most {@code maxBytes} bytes of pieces; 0 holds none. */
  public static PieceCache create(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
    }
    return new PieceCache(maxBytes);
  }

  /**
   * Keeps {@code piece}, evicting the least recently used pieces to make room. A piece larger than
   * the whole cache is not kept.
   */
  public synchronized void offer(VerifiedPiece piece) {
    Objects.requireNonNull(piece, "piece");
    if (piece.length() > maxBytes) {
      return;
    }
    VerifiedPiece previous = pieces.put(new Key(piece.task(), piece.index()), piece);
    bytes += piece.length() - (previous == null ? 0 : previous.length());
    Iterator<VerifiedPiece> eldestFirst = pieces.values().iterator();
    while (bytes > maxBytes) {
      bytes -= eldestFirst.next().length();
      eldestFirst.remove();
    }
  }

  /** Returns piece {@code index} of {@code task} if the cache holds it, marking it used. */
  public synchronized Optional<VerifiedPiece> get(TaskId task, int index) {
    return Optional.ofNullable(pieces.get(new Key(task, index)));
  }

  /** Drops every piece of {@code task}, as when the node deletes the task from its store. */
  public synchronized void invalidate(TaskId task) {
    Iterator<VerifiedPiece> all = pieces.values().iterator();
    while (all.hasNext()) {
      VerifiedPiece piece = all.next();
      if (piece.task().equals(task)) {
        bytes -= piece.length();
        all.remove();
      }
    }
  }

  /** Returns the bytes of pieces held. */
  public synchronized long sizeBytes() {
    return bytes;
  }

  /**
   * Returns the pieces of {@code store}, with the bytes of those this cache holds under the same
   * CRC32C taken from memory in chunks of {@code chunkSize} bytes. Opening a stored piece must be
   * cheap, as it is asked for every piece served; its bytes are read only when sent.
   */
  public LocalPieces inFrontOf(LocalPieces store, int chunkSize) {
    Objects.requireNonNull(store, "store");
    return (task, index) ->
        store
            .open(task, index)
            .map(
                stored ->
                    get(task, index)
                        .filter(cached -> cached.crc32c() == stored.crc32c())
                        .map(
                            cached ->
                                ServablePiece.inMemory(cached.bytes(), cached.crc32c(), chunkSize))
                        .orElse(stored));
  }
}
