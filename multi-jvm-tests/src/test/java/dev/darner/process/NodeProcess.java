package dev.darner.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Darner node running as a real process from the packaged jar, as an operator would run it:
 * {@code java -jar darner-node.jar node …}, its output in {@code node.log} of its data directory.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dataDir;
  private final int httpPort;
  private final int piecePort;
  private final int clusterPort;
  private final int proxyPort;
  private final List<String> extraArgs;
  private final List<String> jvmArgs;
  private Process process;

  private NodeProcess(Path dataDir, List<String> jvmArgs, List<String> extraArgs)
      throws IOException {
    this.dataDir = dataDir;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.extraArgs = List.copyOf(extraArgs);
    this.httpPort = freePort();
    this.piecePort = freePort();
    this.clusterPort = freePort();
    this.proxyPort = freePort();
  }

  /** Starts a node storing under {@code dataDir} and returns once its API answers. */
  public static NodeProcess start(Path dataDir, String... extraArgs)
      throws IOException, InterruptedException {
    return start(dataDir, List.of(), extraArgs);
  }

  /**
   * Starts a node storing under {@code dataDir} with {@code jvmArgs} (such as {@code -D} settings)
   * and returns once its API answers.
   */
  public static NodeProcess start(Path dataDir, List<String> jvmArgs, String... extraArgs)
      throws IOException, InterruptedException {
    NodeProcess node = new NodeProcess(dataDir, jvmArgs, List.of(extraArgs));
    node.launch();
    return node;
  }

  /** Returns the jar under test, which the build passes as {@code darner.jar}. */
  public static Path jar() {
    String jar = System.getProperty("darner.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("darner.jar not built: " + jar + "; run mvn verify");
    }
    return Path.of(jar);
  }

  /** Returns the base URL of the node's HTTP API. */
  public URI api() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** Returns the node's cluster address as {@code host:port}. */
  public String clusterAddress() {
    return "127.0.0.1:" + clusterPort;
  }

  /** Returns the node's piece port. */
  public int piecePort() {
    return piecePort;
  }

  /** Returns the node's data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Downloads {@code url} through this node's API and returns the hex SHA-256 of what arrived,
   * failing unless the answer is 200.
   */
  public String downloadSha256(URI url) throws IOException, InterruptedException {
    URI uri =
        api()
            .resolve(
                "/api/v1/download?url="
                    + java.net.URLEncoder.encode(
                        url.toString(), java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<java.io.InputStream> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("download through " + clusterAddress() + ": " + response.statusCode());
    }
    return Sha256.of(response.body());
  }

  /** Returns once this node sees {@code count} members up, or fails after 90 seconds. */
  public void awaitMembersUp(int count) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(api().resolve("/api/v1/cluster")).build(),
              HttpResponse.BodyHandlers.ofString());
      int up = 0;
      for (var member : json.readTree(response.body()).get("members")) {
        up += member.get("status").asText().equals("up") ? 1 : 0;
      }
      if (up == count) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IOException(clusterAddress() + " never saw " + count + " members up");
  }

  /** Kills the node with SIGKILL, as a crash or the OOM killer would, and waits for it to die. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the node with SIGTERM, as systemd or Kubernetes would, and returns its exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  /**
   * Waits up to {@code timeout} for the node to end by itself and returns its exit code.
   *
   * @throws IllegalStateException when it is still running after {@code timeout}
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("node still runs after " + timeout);
    }
    return process.exitValue();
  }

  /** Starts the node again on the same ports and data directory, after a kill or a stop. */
  public void restart() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("node is still running");
    }
    launch();
  }

  /** Returns whether the process is running. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      kill();
    }
  }

  private void launch() throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseParallelGC");
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar().toString());
    command.add("node");
    command.add("--data-dir=" + dataDir);
    command.add("--http-port=" + httpPort);
    command.add("--piece-port=" + piecePort);
    command.add("--cluster-port=" + clusterPort);
    command.add("--proxy-port=" + proxyPort);
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("node.log").toFile()))
            .start();
    awaitAlive();
  }

  private void awaitAlive() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        HttpRequest ready =
            HttpRequest.newBuilder(api().resolve("/readyz")).timeout(Duration.ofSeconds(2)).build();
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // The node is still starting: poll again.
      }
      Thread.sleep(200);
    }
    throw new IOException(
        "node did not become ready within " + START_TIMEOUT + "; log:\n" + logTail());
  }

  /** Returns the last lines of the node's log, for failure messages. */
  public String logTail() throws IOException {
    List<String> lines = Files.readAllLines(dataDir.resolve("node.log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
