package dev.darner.storage;

import dev.darner.task.Digest;
import dev.darner.task.PieceLayout;
import dev.darner.task.TaskId;
import dev.darner.task.TaskIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.zip.CRC32C;

/** Builds stores, tasks and content for the storage tests, with small pieces to stay fast. */
final class StoreFixture {

  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  static final int PIECE_SIZE = 1024;

  final Path root;
  final ManualClock clock = new ManualClock(START);
  final FailingChannels channels = new FailingChannels();

  StoreFixture(Path root) {
    this.root = root;
  }

  /** Returns settings with {@code quota} bytes, watermarks 0.8 and 0.5, and a TTL of one hour. */
  StoreSettings settings(long quota) {
    return new StoreSettings(root, quota, 0.8, 0.5, Duration.ofHours(1));
  }

  /** Opens a store on the fixture's root with a roomy quota. */
  PieceStore open() throws IOException {
    return open(1L << 30);
  }

  PieceStore open(long quota) throws IOException {
    return PieceStore.open(settings(quota), clock, channels);
  }

  /** Opens a store that forces files to disk after every {@code syncIntervalBytes}. */
  PieceStore openSyncingEvery(long syncIntervalBytes) throws IOException {
    return PieceStore.open(
        settings(1L << 30), StoreContext.withSyncInterval(channels, clock, syncIntervalBytes));
  }

  /** Returns the metadata of a task named {@code name} with {@code length} bytes. */
  TaskMetadata task(String name, long length) {
    TaskId id = TaskIds.forUrl("https://origin.example/" + name, List.of(), "");
    return new TaskMetadata(
        id,
        "https://origin.example/" + name,
        new PieceLayout(length, PIECE_SIZE),
        Optional.empty(),
        clock.instant());
  }

  /** Returns the metadata of a digest-only task with {@code length} bytes. */
  TaskMetadata digestTask(long length) {
    Digest digest = Digest.sha256(new byte[32]);
    return new TaskMetadata(
        TaskIds.forDigest(digest),
        "",
        new PieceLayout(length, PIECE_SIZE),
        Optional.of(digest),
        clock.instant());
  }

  /** Returns reproducible content of {@code length} bytes. */
  static byte[] content(long length, long seed) {
    byte[] bytes = new byte[(int) length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Returns the bytes of piece {@code index} of {@code content} laid out as {@code task}. */
  static byte[] piece(StoredTask task, byte[] content, int index) {
    PieceLayout layout = task.metadata().layout();
    byte[] bytes = new byte[layout.length(index)];
    System.arraycopy(content, (int) layout.offset(index), bytes, 0, bytes.length);
    return bytes;
  }

  static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /** Writes and commits piece {@code index} of {@code content}, checking its CRC32C. */
  static int store(StoredTask task, byte[] content, int index) throws IOException {
    byte[] bytes = piece(task, content, index);
    try (PieceWriter writer = task.beginPiece(index)) {
      writer.write(ByteBuffer.wrap(bytes));
      return writer.commit(OptionalInt.of(crc(bytes)));
    }
  }

  /** Stores every piece of {@code content}. */
  static void storeAll(StoredTask task, byte[] content) throws IOException {
    for (int i = 0; i < task.metadata().layout().pieceCount(); i++) {
      store(task, content, i);
    }
  }

  /** Reads {@code length} bytes at {@code position} from the task. */
  static byte[] read(StoredTask task, long position, int length) {
    ByteBuffer dst = ByteBuffer.allocate(length);
    try {
      while (dst.hasRemaining()) {
        int read = task.read(position + dst.position(), dst);
        if (read < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst.array();
  }
}
