package dev.darner.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the channels the store reads and writes through. It exists so that tests can put a channel
 * in front of the real one that fails as a full disk does.
 */
@FunctionalInterface
interface FileChannels {

  /** Opens channels on the real file system. */
  FileChannels DEFAULT = FileChannel::open;

  /** Opens {@code path} with {@code options}, as {@link FileChannel#open} does. */
  FileChannel open(Path path, OpenOption... options) throws IOException;
}
