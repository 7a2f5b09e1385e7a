package dev.darner.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debian {@code docker-registry} (the CNCF distribution registry) on 127.0.0.1 for tests, with
 * filesystem storage in a temporary directory, optionally behind token authentication. What it
 * served is read back from its access log, so a test can count the bytes of each blob it sent.
 */
public final class TestRegistry implements AutoCloseable {

  private static final Pattern ACCESS =
      Pattern.compile(
          "\"(GET|HEAD) (\\S+) HTTP/[0-9.]+\" (\\d{3}) (\\d+|-) \"[^\"]*\" \"([^\"]*)\"");

  private final ChildProcess process;
  private final int port;

  private TestRegistry(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts an open registry storing under {@code dir}. */
  public static TestRegistry start(Path dir) throws IOException {
    return start(dir, "");
  }

  /** Starts a registry storing under {@code dir} that wants tokens from {@code tokens}. */
  public static TestRegistry startWithTokens(Path dir, TokenServer tokens) throws IOException {
    String auth =
        "auth:\n"
            + "  token:\n"
            + "    realm: "
            + tokens.realm()
            + "\n"
            + "    service: "
            + TokenServer.SERVICE
            + "\n"
            + "    issuer: "
            + TokenServer.ISSUER
            + "\n"
            + "    rootcertbundle: "
            + tokens.certificate()
            + "\n";
    return start(dir, auth);
  }

  private static TestRegistry start(Path dir, String auth) throws IOException {
    Path binary = RealClients.require("docker-registry");
    int port = freePort();
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log:\n"
            + "  level: warn\n"
            + "storage:\n"
            + "  filesystem:\n"
            + "    rootdirectory: "
            + dir.resolve("data")
            + "\n"
            + "http:\n"
            + "  addr: 127.0.0.1:"
            + port
            + "\n"
            + auth);
    ChildProcess process =
        ChildProcess.start(
            List.of(binary.toString(), "serve", config.toString()), dir.resolve("registry.log"));
    TestRegistry registry = new TestRegistry(process, port);
    HttpClient http = HttpClient.newHttpClient();
    Poll.until(
        "docker-registry answering on port " + port,
        Duration.ofSeconds(20),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("docker-registry exited:\n" + process.output());
          }
          int status =
              http.send(
                      HttpRequest.newBuilder(registry.base().resolve("/v2/")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          return status == 200 || status == 401;
        });
    return registry;
  }

  /** Returns {@code 127.0.0.1:port}, the registry's name in image references. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** Returns the registry's base URL. */
  public URI base() {
    return URI.create("http://" + hostPort());
  }

  /** Returns the blob GETs the registry answered with 2xx, oldest first. */
  public List<Served> blobsServed() throws IOException {
    List<Served> served = new ArrayList<>();
    for (String line : process.output().lines().toList()) {
      Matcher m = ACCESS.matcher(line);
      if (m.find()
          && m.group(1).equals("GET")
          && m.group(2).contains("/blobs/sha256:")
          && m.group(3).startsWith("2")) {
        String path = m.group(2);
        String digest = path.substring(path.indexOf("/blobs/") + 7).split("\\?")[0];
        long bytes = m.group(4).equals("-") ? 0 : Long.parseLong(m.group(4));
        served.add(new Served(digest, Integer.parseInt(m.group(3)), bytes, m.group(5)));
      }
    }
    return served;
  }

  /** Returns how many body bytes of blob {@code digest} the registry sent in all. */
  public long bytesServed(String digest) throws IOException {
    return blobsServed().stream()
        .filter(s -> s.digest().equals(digest))
        .mapToLong(Served::bytes)
        .sum();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** One blob answer from the access log: which blob, the status, the bytes sent, to whom. */
  public record Served(String digest, int status, long bytes, String userAgent) {}
}
