package dev.darner.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Opens real channels that, once {@link #fillDisk} names a file, fail every write to that file as a
 * full disk does: with the operating system's "No space left on device".
 */
final class FailingChannels implements FileChannels {

  private final BlockingQueue<String> forced = new LinkedBlockingQueue<>();
  private volatile String fullFileName;

  /** Returns the names of the files forced to disk, in the order they were forced. */
  BlockingQueue<String> forced() {
    return forced;
  }

  /** Makes writes to every file named {@code fileName} fail until {@link #freeDisk}. */
  void fillDisk(String fileName) {
    fullFileName = fileName;
  }

  void freeDisk() {
    fullFileName = null;
  }

  @Override
  public FileChannel open(Path path, OpenOption... options) throws IOException {
    return new Channel(FileChannel.open(path, options), path.getFileName().toString());
  }

  private final class Channel extends FileChannel {

    private final FileChannel real;
    private final String name;

    Channel(FileChannel real, String name) {
      this.real = real;
      this.name = name;
    }

    private void failWhenFull() throws IOException {
      if (name.equals(fullFileName)) {
        throw new IOException("No space left on device");
      }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      failWhenFull();
      return real.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      failWhenFull();
      return real.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      failWhenFull();
      return real.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      real.force(metaData);
      forced.add(name);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      failWhenFull();
      return real.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
