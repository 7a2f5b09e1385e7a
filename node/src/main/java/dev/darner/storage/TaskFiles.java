package dev.darner.storage;

import dev.darner.task.TaskId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Names the files of one task under {@code tasks/<taskId>/}, and deletes them. */
record TaskFiles(Path dir) {

  static final String DATA = "data";
  static final String META = "meta.json";
  static final String JOURNAL = "pieces.log";

  /** Returns the files of task {@code id} in the store rooted at {@code root}. */
  static TaskFiles of(Path root, TaskId id) {
    return new TaskFiles(root.resolve("tasks").resolve(id.hex()));
  }

  Path data() {
    return dir.resolve(DATA);
  }

  Path meta() {
    return dir.resolve(META);
  }

  Path journal() {
    return dir.resolve(JOURNAL);
  }

  /**
   * Deletes the task's directory. The metadata goes first: a directory without it is a task that
   * never finished being created or being deleted, and opening the store deletes it.
   */
  void delete() throws IOException {
    Files.deleteIfExists(meta());
    deleteTree(dir);
  }

  private static void deleteTree(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) {
          deleteTree(child);
        }
      } catch (NoSuchFileException e) {
        return;
      }
    }
    Files.deleteIfExists(path);
  }
}
