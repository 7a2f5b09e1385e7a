package dev.darner.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.task.Digest;
import dev.darner.task.PieceLayout;
import dev.darner.task.TaskId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads and writes a task's {@code meta.json}. A write goes to a temporary file that is then
 * renamed over the old one, so a reader, or a node restarted after a crash, sees either the old
 * metadata or the new, never a mixture.
 */
final class MetadataFile {

  /** The version of the file format; a file of another version is not trusted. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileChannels channels;

  MetadataFile(FileChannels channels) {
    this.channels = channels;
  }

  /**
   * What {@code meta.json} holds.
   *
   * @param complete whether the task was marked complete
   * @param lastUsed when the task was last used, as far as it was persisted
   */
  record Contents(TaskMetadata metadata, boolean complete, Instant lastUsed) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Json(
      int format,
      String taskId,
      String url,
      long contentLength,
      int pieceSize,
      String digest,
      String createdAt,
      String lastUsed,
      boolean complete) {}

  /**
   * Reads {@code file}.
   *
   * @throws IOException when it cannot be read, is not valid, or is of another format
   */
  static Contents read(Path file) throws IOException {
    Json json = JSON.readValue(Files.readAllBytes(file), Json.class);
    if (json.format() != FORMAT) {
      throw new IOException("unsupported format " + json.format() + " in " + file);
    }
    try {
      TaskMetadata metadata =
          new TaskMetadata(
              TaskId.of(json.taskId()),
              json.url() == null ? "" : json.url(),
              new PieceLayout(json.contentLength(), json.pieceSize()),
              Optional.ofNullable(json.digest()).map(Digest::parse),
              Instant.parse(json.createdAt()));
      return new Contents(metadata, json.complete(), Instant.parse(json.lastUsed()));
    } catch (RuntimeException e) {
      throw new IOException("invalid metadata in " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces {@code file} with {@code contents} atomically.
   *
   * @param durable whether to force the new file and its directory to disk before returning; needed
   *     for a state change (creation, completion), not for a refreshed last-use time
   */
  void write(Path file, Contents contents, boolean durable) throws IOException {
    TaskMetadata m = contents.metadata();
    Json json =
        new Json(
            FORMAT,
            m.id().hex(),
            m.url(),
            m.layout().contentLength(),
            m.layout().pieceSize(),
            m.digest().map(Digest::toString).orElse(null),
            m.createdAt().toString(),
            contents.lastUsed().toString(),
            contents.complete());
    ByteBuffer bytes =
        ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out =
        channels.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      if (durable) {
        out.force(true);
      }
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (durable) {
      forceDirectory(file.getParent());
    }
  }

  /** Makes the rename durable; where a directory cannot be opened for that, the rename stands. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory as a channel; the rename is then as durable as the
      // platform makes it.
    }
  }
}
