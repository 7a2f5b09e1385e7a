package dev.darner.api;

import dev.darner.task.TaskId;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** A task whose length is known and whose bytes can be read in order as its pieces arrive. */
public interface Download {

  /** Returns the id of the task being downloaded. */
  TaskId taskId();

  /** Returns the length of the whole content in bytes. */
  long contentLength();

  /** Returns the media type the origin gave, if any. */
  Optional<String> contentType();

  /**
   * Returns the bytes from {@code offset} for {@code length} bytes, emitted in order as soon as the
   * pieces holding them are verified. The source fails with a {@link DownloadFailure} when the task
   * fails. When the read covers the whole content of a task with a known digest, its last bytes are
   * held back until the whole content has been verified against it.
   */
  Source<ByteString, NotUsed> read(long offset, long length);
}
