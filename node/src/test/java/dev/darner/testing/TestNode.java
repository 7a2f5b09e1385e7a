package dev.darner.testing;

import com.typesafe.config.Config;
import dev.darner.node.DarnerNode;
import dev.darner.node.NodeConfig;
import dev.darner.transfer.serve.LocalPieces;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A whole node in this JVM for tests: its own data directory, every port chosen by the system,
 * short retry waits, and a JDK HTTP client to talk to its API.
 */
public final class TestNode implements AutoCloseable {

  private final DarnerNode node;
  private final Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestNode(DarnerNode node, Path dataDir) {
    this.node = node;
    this.dataDir = dataDir;
  }

  /**
   * Starts a node storing under {@code dataDir}, with {@code extra} settings over the test ones.
   */
  public static TestNode start(Path dataDir, Map<String, Object> extra) throws IOException {
    return start(dataDir, extra, UnaryOperator.identity());
  }

  /**
   * Starts a node storing under {@code dataDir} whose piece server serves what {@code served} makes
   * of its pieces, with {@code extra} settings over the test ones.
   */
  public static TestNode start(
      Path dataDir, Map<String, Object> extra, UnaryOperator<LocalPieces> served)
      throws IOException {
    Map<String, Object> settings = new HashMap<>();
    settings.put("darner.node.data-dir", dataDir.toString());
    settings.put("darner.node.http-port", 0);
    settings.put("darner.node.piece-port", 0);
    settings.put("darner.node.cluster-port", 0);
    settings.put("darner.proxy.port", 0);
    settings.put("darner.download.min-backoff", "10 ms");
    settings.put("darner.download.max-backoff", "100 ms");
    settings.put("darner.download.linger", "1 s");
    settings.put("darner.origin.min-backoff", "10 ms");
    settings.put("darner.origin.max-backoff", "100 ms");
    settings.put("darner.origin.connect-timeout", "2 s");
    settings.put("darner.origin.response-timeout", "5 s");
    settings.put("darner.origin.idle-timeout", "5 s");
    settings.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    settings.putAll(extra);
    Config config = NodeConfig.load(Optional.empty(), settings);
    return new TestNode(DarnerNode.start(config, served), dataDir);
  }

  /** Starts a node storing under {@code dataDir} with the test settings. */
  public static TestNode start(Path dataDir) throws IOException {
    return start(dataDir, Map.of());
  }

  /** Returns the node's cluster address as {@code host:port}, for others to join. */
  public String clusterAddress() {
    var address = Cluster.get(node.system()).selfMember().address();
    return address.getHost().get() + ":" + address.getPort().get();
  }

  /** Returns the node itself. */
  public DarnerNode node() {
    return node;
  }

  /** Returns the node's data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** Returns the URL of {@code pathAndQuery} on the node's HTTP API. */
  public URI api(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + pathAndQuery);
  }

  /** Returns the API URL that downloads {@code url}, with {@code extraQuery} appended. */
  public URI download(URI url, String extraQuery) {
    return api(
        "/api/v1/download?url="
            + URLEncoder.encode(url.toString(), StandardCharsets.UTF_8)
            + extraQuery);
  }

  /** Sends {@code request} and returns the answer with its whole body. */
  public HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends {@code request} and returns the answer with its body as a stream to read. */
  public HttpResponse<InputStream> stream(HttpRequest request)
      throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Gets {@code uri} and returns the answer with its whole body. */
  public HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build());
  }

  @Override
  public void close() throws Exception {
    node.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
