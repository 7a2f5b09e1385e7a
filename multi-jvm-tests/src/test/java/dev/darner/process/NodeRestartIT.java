package dev.darner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process killed with SIGKILL in the middle of a download, then started again on the same
 * data directory, finishes the task without fetching its stored pieces again; and a node stopped
 * with SIGTERM exits cleanly.
 */
class NodeRestartIT {

  private static final int MIB = 1 << 20;
  private static final long PIECE = 4L * MIB;

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void killedMidDownload_restarted_resumesWithoutRefetchingStoredPieces() throws Exception {
    try (TestOrigin origin = TestOrigin.start();
        NodeProcess node = NodeProcess.start(dir.resolve("node"))) {
      TestContent content = TestContent.random(96L * MIB, 21);
      TestOrigin.Resource file = origin.serve("/big.bin", content).rateLimit(6L * MIB);
      URI download = downloadUri(node, file.url());
      CompletableFuture<HttpResponse<InputStream>> first =
          http.sendAsync(HttpRequest.newBuilder(download).build(), ofInputStream());
      awaitSent(file, content.size() / 2);

      node.kill();
      long sentBeforeKill = file.bytesSent();
      first.handle((r, e) -> null).join();
      node.restart();
      String digest =
          sha256Of(http.send(HttpRequest.newBuilder(download).build(), ofInputStream()));

      assertEquals(Sha256.of(content), digest, "content after resume must be byte-identical");
      long overhead = file.bytesSent() - content.size();
      System.out.printf(
          "resume: origin sent %d bytes for a %d-byte file (%d before the kill), overhead %d%n",
          file.bytesSent(), content.size(), sentBeforeKill, overhead);
      assertTrue(
          overhead <= 5 * PIECE,
          "origin sent " + overhead + " bytes more than the file; at most a few pieces allowed");
    }
  }

  @Test
  void sigterm_nodeExitsCleanly() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir.resolve("term"))) {
      int exit = node.terminate();

      assertTrue(exit == 0 || exit == 143, "exit code " + exit + "\n" + node.logTail());
      assertTrue(node.logTail().contains("store closed cleanly"), node.logTail());
    }
  }

  private static URI downloadUri(NodeProcess node, URI url) {
    return node.api()
        .resolve(
            "/api/v1/download?url=" + URLEncoder.encode(url.toString(), StandardCharsets.UTF_8));
  }

  private static void awaitSent(TestOrigin.Resource file, long bytes) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (file.bytesSent() < bytes) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("origin sent only " + file.bytesSent() + " bytes in 60 s");
      }
      Thread.sleep(20);
    }
  }

  private static HttpResponse.BodyHandler<InputStream> ofInputStream() {
    return HttpResponse.BodyHandlers.ofInputStream();
  }

  private static String sha256Of(HttpResponse<InputStream> response) throws Exception {
    assertEquals(200, response.statusCode());
    return Sha256.of(response.body());
  }
}
