package dev.darner.storage;

import dev.darner.task.PieceLayout;
import dev.darner.task.TaskId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task in the piece store: its data file, which pieces it holds and their CRC32C, whether it is
 * complete, and who is using it.
 *
 * <p>Safe for use from many threads: different pieces may be written at once, and committed pieces
 * read while others are written. Reads and writes go through one channel per task at explicit
 * positions, so they never contend for a file position. Hold a {@link Lease} while reading or
 * writing: a task without one may be evicted, after which its reads fail and {@link #acquire} and
 * {@link #beginPiece} throw {@link IllegalStateException}.
 */
public final class StoredTask {

  private static final Logger log = LoggerFactory.getLogger(StoredTask.class);

  private final TaskFiles files;
  private final StoreContext context;
  private final TaskMetadata metadata;
  private final PieceJournal journal;
  private final AtomicLong unsyncedBytes = new AtomicLong();
  private final AtomicBoolean syncQueued = new AtomicBoolean();
  private final Object lock = new Object();
  private final Object verifyLock = new Object();
  private final BitSet present;
  private final int[] crcs;
  private final BitSet writing = new BitSet();
  private boolean complete;
  private boolean verified;
  private boolean removed;
  private int leases;
  private Instant persistedLastUsed;
  private volatile Instant lastUsed;
  private volatile FileChannel data;

  StoredTask(
      TaskFiles files,
      StoreContext context,
      TaskMetadata metadata,
      PieceJournal.Contents pieces,
      boolean complete,
      Instant lastUsed) {
    this.files = files;
    this.context = context;
    this.metadata = metadata;
    this.journal = new PieceJournal(context.channels(), files.journal(), pieces.validLength());
    this.present = pieces.present();
    this.crcs = pieces.crcs();
    this.complete = complete;
    this.verified = complete || pieces.present().isEmpty();
    this.lastUsed = lastUsed;
    this.persistedLastUsed = lastUsed;
  }

  /** Returns the task's metadata. */
  public TaskMetadata metadata() {
    return metadata;
  }

  /** Returns whether piece {@code index} is present: committed and verified by its CRC32C. */
  public boolean hasPiece(int index) {
    metadata.layout().offset(index);
    synchronized (lock) {
      return present.get(index);
    }
  }

  /** Returns a copy of the set of present pieces. */
  public BitSet pieces() {
    synchronized (lock) {
      return (BitSet) present.clone();
    }
  }

  /** Returns how many pieces are present. */
  public int presentCount() {
    synchronized (lock) {
      return present.cardinality();
    }
  }

  /** Returns the CRC32C of piece {@code index} when it is present, else empty. */
  public OptionalInt crc(int index) {
    metadata.layout().offset(index);
    synchronized (lock) {
      return present.get(index) ? OptionalInt.of(crcs[index]) : OptionalInt.empty();
    }
  }

  /**
   * Returns whether the task was marked complete: every piece present and, where a digest is known,
   * the whole content verified by the caller.
   */
  public boolean isComplete() {
    synchronized (lock) {
      return complete;
    }
  }

  /** Returns the path of the data file, which holds the content at its own offsets. */
  public Path dataFile() {
    return files.data();
  }

  /** Returns when the task was last created, resumed, leased or released. */
  public Instant lastUsed() {
    return lastUsed;
  }

  /**
   * Begins writing piece {@code index}. The returned writer is for one thread; pieces may be
   * written concurrently, each through its own writer.
   *
   * @throws IllegalStateException when the piece is present or already being written, or the task
   *     was removed from the store
   * @throws IndexOutOfBoundsException when the task has no piece {@code index}
   */
  public PieceWriter beginPiece(int index) {
    PieceLayout layout = metadata.layout();
    long offset = layout.offset(index);
    synchronized (lock) {
      checkNotRemoved();
      if (writing.get(index)) {
        throw new IllegalStateException(describe(index) + " is already being written");
      }
      if (present.get(index)) {
        throw new IllegalStateException(describe(index) + " is already present");
      }
      writing.set(index);
    }
    return new PieceWriter(this, index, offset, layout.length(index));
  }

  /**
   * Reads stored content starting at {@code position} into {@code dst}, as {@link
   * FileChannel#read(ByteBuffer, long)} does, never past the end of the content. Only the bytes of
   * present pieces are meaningful; check {@link #hasPiece} first.
   *
   * @return the number of bytes read, or -1 when {@code position} is at or past the end
   */
  public int read(long position, ByteBuffer dst) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, was " + position);
    }
    long left = metadata.layout().contentLength() - position;
    if (left <= 0) {
      return -1;
    }
    int limit = dst.limit();
    if (dst.remaining() > left) {
      dst.limit(dst.position() + (int) left);
    }
    try {
      return dataChannel().read(dst, position);
    } finally {
      dst.limit(limit);
    }
  }

  /**
   * Marks the task complete, durably: its data and journal are forced to disk before the metadata
   * records completion, so a complete task survives a power loss. Marking twice has no effect.
   *
   * @throws IllegalStateException when a piece is absent
   * @throws UncheckedIOException when the state cannot be persisted; the task stays incomplete
   */
  public void markComplete() {
    synchronized (lock) {
      checkNotRemoved();
      if (complete) {
        return;
      }
      int count = metadata.layout().pieceCount();
      if (present.cardinality() != count) {
        throw new IllegalStateException(
            "task "
                + metadata.id().shortForm()
                + " cannot be marked complete with "
                + present.cardinality()
                + " of "
                + count
                + " pieces present");
      }
      try {
        dataChannel().force(false);
        journal.force();
        writeMetadata(true, true);
      } catch (IOException e) {
        throw unchecked(-1, e);
      }
      complete = true;
    }
  }

  /**
   * Forgets every piece, for instance after the whole content failed its digest, so that nothing is
   * served or reported as present and every piece is fetched again.
   *
   * @throws UncheckedIOException when the journal cannot be emptied; the pieces are forgotten in
   *     memory regardless, and a restart re-verifies whatever the journal still lists
   */
  public void discardPieces() {
    synchronized (lock) {
      boolean wasComplete = complete;
      complete = false;
      present.clear();
      Arrays.fill(crcs, 0);
      try {
        journal.clear();
        if (wasComplete) {
          writeMetadata(false, true);
        }
      } catch (IOException e) {
        throw unchecked(-1, e);
      }
    }
  }

  /**
   * Acquires a lease: until it is closed the task is in use, and is neither evicted nor removed.
   *
   * @throws IllegalStateException when the task was already removed from the store
   */
  public Lease acquire() {
    synchronized (lock) {
      checkNotRemoved();
      leases++;
    }
    touch();
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        synchronized (lock) {
          leases--;
        }
        touch();
      }
    };
  }

  @Override
  public String toString() {
    return "StoredTask[" + metadata.id().shortForm() + "]";
  }

  TaskId id() {
    return metadata.id();
  }

  long reservedBytes() {
    return metadata.layout().contentLength();
  }

  void touch() {
    lastUsed = context.clock().instant();
  }

  /** Returns whether the task is leased or has a piece being written. */
  boolean isInUse() {
    synchronized (lock) {
      return leases > 0 || !writing.isEmpty();
    }
  }

  /**
   * Takes the task out of use for good, unless it is in use.
   *
   * @return whether it was taken out; afterwards no lease or writer can be started on it
   */
  boolean tryRetire() {
    synchronized (lock) {
      if (leases > 0 || !writing.isEmpty()) {
        return false;
      }
      removed = true;
      return true;
    }
  }

  /** Closes and deletes the files of a retired task. */
  void deleteFiles() throws IOException {
    closeFiles();
    files.delete();
  }

  /** Closes the task's open files; they reopen on next use. */
  void closeFiles() throws IOException {
    synchronized (lock) {
      journal.close();
      if (data != null) {
        data.close();
        data = null;
      }
    }
  }

  /**
   * Checks, once after the store was opened, every journalled piece of an incomplete task against
   * its CRC32C in the data file, and forgets those that do not match. After a power loss the
   * journal may list a piece whose bytes never reached the disk.
   *
   * <p>The pieces are read without holding the task's lock, so the task stays usable (and the
   * store's garbage collection is never held up) while gigabytes are read; the task counts as in
   * use meanwhile, so it is not evicted under the reader.
   */
  void verifyOnResume() throws IOException {
    synchronized (verifyLock) {
      BitSet journalled;
      int[] expected;
      synchronized (lock) {
        if (verified) {
          return;
        }
        checkNotRemoved();
        journalled = (BitSet) present.clone();
        expected = crcs.clone();
        leases++;
      }
      try {
        BitSet failed =
            PieceVerifier.piecesFailingCrc(dataChannel(), metadata.layout(), journalled, expected);
        dropFailed(failed, expected);
      } finally {
        synchronized (lock) {
          leases--;
        }
      }
    }
  }

  private void dropFailed(BitSet failed, int[] expected) throws IOException {
    synchronized (lock) {
      int dropped = 0;
      for (int i = failed.nextSetBit(0); i >= 0; i = failed.nextSetBit(i + 1)) {
        // A piece discarded and committed again while verification read it is left alone.
        if (present.get(i) && crcs[i] == expected[i]) {
          present.clear(i);
          crcs[i] = 0;
          dropped++;
        }
      }
      if (dropped > 0) {
        journal.rewrite(present, crcs);
        log.warn(
            "Dropped {} piece(s) of task [{}] whose bytes on disk failed verification",
            dropped,
            metadata.id().shortForm());
      }
      verified = true;
    }
  }

  /** Persists the last-use time when it changed, without forcing it to disk. */
  void persistLastUsed() throws IOException {
    synchronized (lock) {
      if (!removed && !lastUsed.equals(persistedLastUsed)) {
        writeMetadata(complete, false);
      }
    }
  }

  FileChannel dataChannel() throws IOException {
    FileChannel channel = data;
    if (channel == null) {
      synchronized (lock) {
        if (data == null) {
          data =
              context
                  .channels()
                  .open(files.data(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        channel = data;
      }
    }
    return channel;
  }

  /**
   * Records piece {@code index} as present: its journal record is appended after its bytes were
   * written, so the journal never lists a piece whose bytes a killed process did not hand to the
   * kernel.
   */
  void commitPiece(int index, int crc, int length) throws IOException {
    synchronized (lock) {
      journal.append(index, crc);
      present.set(index);
      crcs[index] = crc;
      writing.clear(index);
    }
    touch();
    if (unsyncedBytes.addAndGet(length) >= context.syncIntervalBytes()
        && syncQueued.compareAndSet(false, true)) {
      unsyncedBytes.set(0);
      context.syncer().submit(this::syncToDisk);
    }
  }

  /** Ends the writing of piece {@code index} without committing it. */
  void endWrite(int index) {
    synchronized (lock) {
      writing.clear(index);
    }
  }

  /** Returns {@code e} for piece {@code index}, as a StorageFullException when the disk is full. */
  IOException translate(int index, IOException e) {
    return StorageFullException.translate(metadata.id(), index, files.dir(), e);
  }

  /**
   * Forces the data file, then the journal: forcing them in this order keeps most journalled pieces
   * backed by bytes on disk, and verification on resume catches the rest.
   */
  private void syncToDisk() {
    syncQueued.set(false);
    try {
      FileChannel channel;
      synchronized (lock) {
        if (removed) {
          return;
        }
        channel = dataChannel();
      }
      channel.force(false);
      journal.force();
    } catch (ClosedChannelException e) {
      // The store closed or the task was evicted meanwhile: there is nothing left to force.
    } catch (IOException e) {
      log.warn(
          "Could not force task [{}] to disk; a power loss may cost pieces that are then fetched"
              + " again",
          metadata.id().shortForm(),
          e);
    }
  }

  private void writeMetadata(boolean completeState, boolean durable) throws IOException {
    Instant used = lastUsed;
    context
        .metadataFile()
        .write(files.meta(), new MetadataFile.Contents(metadata, completeState, used), durable);
    persistedLastUsed = used;
  }

  private void checkNotRemoved() {
    if (removed) {
      throw new IllegalStateException(
          "task " + metadata.id().shortForm() + " was removed from the store");
    }
  }

  private UncheckedIOException unchecked(int index, IOException e) {
    return new UncheckedIOException(translate(index, e));
  }

  private String describe(int index) {
    return "piece " + index + " of task " + metadata.id().shortForm();
  }
}
