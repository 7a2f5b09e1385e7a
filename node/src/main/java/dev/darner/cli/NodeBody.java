package dev.darner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

/**
 * A download answer of the node, its body still to be read.
 *
 * <p>Bodies come through {@link HttpURLConnection} rather than the JDK's {@code HttpClient}: the
 * latter hands its body over in 16 KiB buffers through its own threads, which cost about five CPU
 * seconds per 512 MiB here, several times what the node spends fetching the same bytes; the old
 * blocking client reads large buffers straight from the socket. Connections stay on loopback, so
 * the older client's lack of HTTP/2 costs nothing.
 *
 * @param status the HTTP status
 * @param contentLength the announced length, when there is one
 * @param body the body of a 200 answer, or the error body of any other
 */
record NodeBody(int status, OptionalLong contentLength, InputStream body) implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  /**
   * Sends a GET for {@code target} with {@code headers} ({@code Name: value} lines) and returns the
   * answer once its head has arrived.
   */
  static NodeBody get(URI target, List<String> headers) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
    connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
    // A download may wait minutes for its first piece (a seed fetching, an origin slow to answer).
    connection.setReadTimeout(0);
    connection.setUseCaches(false);
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header wants 'Name: value', got: " + header);
      }
      connection.addRequestProperty(
          header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    int status = connection.getResponseCode();
    long length = connection.getContentLengthLong();
    InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    return new NodeBody(
        status,
        length >= 0 ? OptionalLong.of(length) : OptionalLong.empty(),
        body == null ? InputStream.nullInputStream() : body);
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
