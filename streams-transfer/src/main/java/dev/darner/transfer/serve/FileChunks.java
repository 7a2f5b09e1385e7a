package dev.darner.transfer.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Reads a range of a file as a stream of chunks, each read straight into the array the chunk then
 * wraps.
 *
 * <p>{@code FileIO.fromPath} reads into one reused buffer and copies each chunk out of it, so every
 * byte served crossed memory three times (the kernel's copy, the JDK's copy out of its temporary
 * direct buffer, Pekko's copy into a fresh array); this costs one copy less, which on a parent
 * serving many children is a tenth of its CPU. Reads run on Pekko's blocking I/O dispatcher, as
 * {@link Source#unfoldResource} places them.
 */
final class FileChunks {

  private FileChunks() {}

  /**
   * Returns the {@code length} bytes at {@code offset} of {@code file} in chunks of at most {@code
   * chunkSize} bytes; the stream fails if the file ends before.
   */
  static Source<ByteString, NotUsed> of(Path file, long offset, long length, int chunkSize) {
    return Source.unfoldResource(
        () -> new Cursor(FileChannel.open(file, StandardOpenOption.READ), offset, offset + length),
        cursor -> cursor.next(chunkSize),
        Cursor::close);
  }

  private static final class Cursor {
    private final FileChannel channel;
    private final long end;
    private long position;

    Cursor(FileChannel channel, long position, long end) {
      this.channel = channel;
      this.position = position;
      this.end = end;
    }

    Optional<ByteString> next(int chunkSize) {
      if (position >= end) {
        return Optional.empty();
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkSize, end - position));
      try {
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, position + buffer.position()) < 0) {
            throw new IOException(
                "file ended at byte " + (position + buffer.position()) + ", before " + end);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      position += buffer.capacity();
      return Optional.of(ByteString.fromArrayUnsafe(buffer.array()));
    }

    void close() throws IOException {
      channel.close();
    }
  }
}
