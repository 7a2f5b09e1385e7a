package dev.darner.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP origin on loopback that serves one file with {@code Range} support, for {@code
 * darner demo}: the demo needs something to fetch on a machine with no network.
 */
final class DemoOrigin implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final Path file;

  private DemoOrigin(Path file) throws IOException {
    this.file = file;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts serving {@code file} at {@code /<file name>} on a free loopback port. */
  static DemoOrigin serve(Path file) throws IOException {
    return new DemoOrigin(file);
  }

  /** Returns the URL the file is served at. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + file.getFileName();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange;
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (!exchange.getRequestURI().getPath().equals("/" + file.getFileName())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      long size = channel.size();
      long first = 0;
      long last = size - 1;
      String range = exchange.getRequestHeaders().getFirst("Range");
      Matcher m = range == null ? null : RANGE.matcher(range);
      boolean partial = m != null && m.matches() && Long.parseLong(m.group(1)) < size;
      exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
      if (partial) {
        first = Long.parseLong(m.group(1));
        last = m.group(2).isEmpty() ? last : Math.min(last, Long.parseLong(m.group(2)));
        exchange
            .getResponseHeaders()
            .add("Content-Range", "bytes " + first + "-" + last + "/" + size);
      }
      long length = last - first + 1;
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(partial ? 206 : 200, head ? -1 : length);
      if (!head) {
        copy(channel, first, length, exchange.getResponseBody());
      }
    }
  }

  private static void copy(FileChannel channel, long from, long length, OutputStream out)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    var sink = Channels.newChannel(out);
    long position = from;
    long end = from + length;
    while (position < end) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
      int read = channel.read(buffer, position);
      if (read < 0) {
        break;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        sink.write(buffer);
      }
      position += read;
    }
  }
}
