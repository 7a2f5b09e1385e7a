package dev.darner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four node processes in two AZs, a seed in each: {@code darner preheat URL} against a plain peer
 * of one AZ has the seeds of both AZs fetch the file, each once from the origin, and leaves the
 * peers alone; a later download in the other AZ costs the origin nothing.
 */
class PreheatIT {

  private static final long MIB = 1L << 20;
  private static final long SIZE = Long.getLong("darner.it.preheat.mib", 64) * MIB;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void preheatFromAPeerOfOneAz_seedsOfBothAzsHoldTheFile_originSendsItOncePerAz() throws Exception {
    TestContent content = TestContent.random(SIZE, 51);
    try (TestOrigin origin = TestOrigin.start();
        NodeProcess a1 = NodeProcess.start(dir.resolve("a1"), "--az=az-a", "--seed");
        NodeProcess a2 =
            NodeProcess.start(dir.resolve("a2"), "--az=az-a", "--join=" + a1.clusterAddress());
        NodeProcess b1 =
            NodeProcess.start(
                dir.resolve("b1"), "--az=az-b", "--seed", "--join=" + a1.clusterAddress());
        NodeProcess b2 =
            NodeProcess.start(dir.resolve("b2"), "--az=az-b", "--join=" + a1.clusterAddress())) {
      TestOrigin.Resource file = origin.serve("/model.bin", content);
      a2.awaitMembersUp(4);
      awaitSchedulersKnowTwoHostsEach(a2);

      Instant start = Instant.now();
      DarnerCli.Result run =
          DarnerCli.run("preheat", file.url().toString(), "--json", "--node", a2.api().toString());

      assertEquals(0, run.exit(), run.toString());
      JsonNode job = JSON.readTree(run.out());
      assertEquals("SUCCEEDED", job.get("state").asText(), run.out());
      String taskId = job.get("tasks").get(0).get("taskId").asText();
      double perAz = (double) file.bytesSent() / SIZE / 2;
      System.out.printf(
          "preheat: %d MiB to the seeds of 2 AZs in %d ms, origin sent %.3f x the file per AZ%n",
          SIZE / MIB, Duration.between(start, Instant.now()).toMillis(), perAz);
      assertEquals(List.of("az-a", "az-b"), List.of(zone(job, 0), zone(job, 1)));
      assertTrue(holdsWhole(a1, taskId), "the seed of az-a holds the file");
      assertTrue(holdsWhole(b1, taskId), "the seed of az-b holds the file");
      assertEquals(404, taskStatus(a2, taskId), "a preheat leaves plain peers alone");
      assertEquals(404, taskStatus(b2, taskId), "a preheat leaves plain peers alone");
      assertTrue(perAz >= 1.0 && perAz <= 1.05, "origin sent " + perAz + " x the file per AZ");

      long before = file.bytesSent();
      assertEquals(Sha256.of(content), b2.downloadSha256(file.url()));
      assertEquals(
          before, file.bytesSent(), "a download after the preheat costs the origin nothing");
    }
  }

  private static String zone(JsonNode job, int index) {
    return job.get("zones").get(index).asText();
  }

  private boolean holdsWhole(NodeProcess node, String taskId) throws Exception {
    HttpResponse<String> answer = task(node, taskId);
    return answer.statusCode() == 200 && JSON.readTree(answer.body()).get("complete").asBoolean();
  }

  private int taskStatus(NodeProcess node, String taskId) throws Exception {
    return task(node, taskId).statusCode();
  }

  private HttpResponse<String> task(NodeProcess node, String taskId) throws Exception {
    return http.send(
        HttpRequest.newBuilder(node.api().resolve("/api/v1/tasks/" + taskId)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until each AZ's scheduler has heard both of its hosts, so both seeds can be chosen. */
  private void awaitSchedulersKnowTwoHostsEach(NodeProcess node) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      JsonNode cluster =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(node.api().resolve("/api/v1/cluster")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      int ready = 0;
      for (JsonNode scheduler : cluster.get("schedulers")) {
        ready += scheduler.get("liveHosts").asInt() == 2 ? 1 : 0;
      }
      if (ready == 2) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the AZ schedulers never heard all four hosts");
  }
}
