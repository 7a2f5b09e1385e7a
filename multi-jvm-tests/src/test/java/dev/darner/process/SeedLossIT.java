package dev.darner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed of an AZ is killed with SIGKILL while it is still fetching from the origin: the peers
 * that were taking pieces from it still finish, byte-identical, because another peer takes over
 * going back to source for the pieces nobody holds. The seed is also the AZ's oldest node, where
 * its scheduler runs: the scheduler moves to a surviving node.
 */
class SeedLossIT {

  private static final long MIB = 1L << 20;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void seedKilledMidTransfer_peersStillFinishByteIdentical() throws Exception {
    TestContent content = TestContent.random(96 * MIB, 47);
    String expected = Sha256.of(content);
    try (TestOrigin origin = TestOrigin.start();
        NodeProcess seed = NodeProcess.start(dir.resolve("seed"), "--seed");
        NodeProcess p1 = NodeProcess.start(dir.resolve("p1"), "--join=" + seed.clusterAddress());
        NodeProcess p2 = NodeProcess.start(dir.resolve("p2"), "--join=" + seed.clusterAddress())) {
      TestOrigin.Resource file = origin.serve("/model.bin", content).rateLimit(3 * MIB);
      p2.awaitMembersUp(3);
      Instant start = Instant.now();

      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> fetch(p1, file));
      CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> fetch(p2, file));
      awaitSent(file, content.size() / 3);
      seed.kill();

      assertEquals(expected, first.get(4, TimeUnit.MINUTES), "p1's copy");
      assertEquals(expected, second.get(4, TimeUnit.MINUTES), "p2's copy");
      System.out.printf(
          "seed loss: both peers done in %d ms; origin sent %.3f x the file%n",
          Duration.between(start, Instant.now()).toMillis(),
          (double) file.bytesSent() / content.size());
      String scheduler = awaitScheduler(p1, seed.clusterAddress());
      System.out.println("seed loss: the AZ's scheduler now runs on " + scheduler);
    }
  }

  /** Returns where the AZ's scheduler runs once it answers from a node other than {@code gone}. */
  private static String awaitScheduler(NodeProcess node, String gone) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(node.api().resolve("/api/v1/cluster")).build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode scheduler : json.readTree(answer.body()).get("schedulers")) {
        last = scheduler.get("address").asText();
        if (!last.isEmpty() && !last.endsWith(gone)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the scheduler never moved off " + gone + "; last seen at " + last);
  }

  private static String fetch(NodeProcess node, TestOrigin.Resource file) {
    try {
      return node.downloadSha256(file.url());
    } catch (Exception e) {
      throw new IllegalStateException("download through " + node.clusterAddress() + " failed", e);
    }
  }

  private static void awaitSent(TestOrigin.Resource file, long bytes) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (file.bytesSent() < bytes) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("origin sent only " + file.bytesSent() + " bytes in 90 s");
      }
      Thread.sleep(20);
    }
  }
}
