package dev.darner.storage;

import dev.darner.task.PieceLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates a task's files, and loads a task back from them when the store is opened. */
final class TaskLoader {

  private static final Logger log = LoggerFactory.getLogger(TaskLoader.class);

  private TaskLoader() {}

  /**
   * Creates the files of a new, empty task: a sparse data file of the content's length, an empty
   * journal, and last the metadata, whose presence marks the task as created.
   */
  static StoredTask create(TaskFiles files, StoreContext context, TaskMetadata metadata)
      throws IOException {
    Files.createDirectories(files.dir());
    Files.deleteIfExists(files.journal());
    Files.deleteIfExists(files.data());
    preallocate(files.data(), metadata.layout().contentLength());
    Instant now = context.clock().instant();
    context
        .metadataFile()
        .write(files.meta(), new MetadataFile.Contents(metadata, false, now), true);
    int count = metadata.layout().pieceCount();
    PieceJournal.Contents empty =
        new PieceJournal.Contents(new BitSet(count), new int[count], 0, 0);
    return new StoredTask(files, context, metadata, empty, false, now);
  }

  /**
   * Loads a task from its files, repairing what a crash can leave behind: a torn journal tail is
   * ignored, a missing or wrongly sized data file is recreated or resized, and a task marked
   * complete whose journal lacks pieces is treated as incomplete.
   *
   * @throws IOException when the metadata cannot be read; the task is then unusable
   */
  static StoredTask load(TaskFiles files, StoreContext context) throws IOException {
    MetadataFile.Contents meta = MetadataFile.read(files.meta());
    TaskMetadata metadata = meta.metadata();
    PieceLayout layout = metadata.layout();
    Files.deleteIfExists(files.meta().resolveSibling(TaskFiles.META + ".tmp"));
    Files.deleteIfExists(files.journal().resolveSibling(TaskFiles.JOURNAL + ".tmp"));
    PieceJournal.Contents pieces;
    if (!Files.exists(files.data())) {
      log.warn("Data file of task [{}] is missing; its pieces will be fetched again", id(files));
      Files.deleteIfExists(files.journal());
      preallocate(files.data(), layout.contentLength());
      pieces = PieceJournal.read(files.journal(), layout.pieceCount());
    } else {
      if (Files.size(files.data()) != layout.contentLength()) {
        preallocate(files.data(), layout.contentLength());
      }
      pieces = PieceJournal.read(files.journal(), layout.pieceCount());
    }
    boolean complete = meta.complete();
    if (complete && pieces.present().cardinality() != layout.pieceCount()) {
      log.warn("Task [{}] was marked complete but its journal lacks pieces", id(files));
      complete = false;
    }
    return new StoredTask(files, context, metadata, pieces, complete, meta.lastUsed());
  }

  private static void preallocate(Path file, long length) throws IOException {
    // setLength extends the file without writing, so the file stays sparse until pieces arrive.
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
    }
  }

  private static String id(TaskFiles files) {
    return files.dir().getFileName().toString().substring(0, 12);
  }
}
