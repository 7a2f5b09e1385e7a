package dev.darner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes in two AZs form one cluster with one scheduler per AZ, and when the node
 * running an AZ's scheduler stops, the scheduler moves to another node of that AZ.
 */
class ClusterMembershipIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void threeNodesTwoAzs_oneSchedulerPerAz_movesWhenItsNodeStops() throws Exception {
    try (NodeProcess a1 = NodeProcess.start(dir.resolve("a1"), "--az=az-a", "--seed");
        NodeProcess a2 =
            NodeProcess.start(dir.resolve("a2"), "--az=az-a", "--join=" + a1.clusterAddress());
        NodeProcess b1 =
            NodeProcess.start(
                dir.resolve("b1"), "--az=az-b", "--seed", "--join=" + a1.clusterAddress())) {
      JsonNode formed = awaitCluster(a2, c -> upMembers(c) == 3 && schedulersKnown(c, 2));
      String schedulerA = schedulerOf(formed, "az-a");
      System.out.println("cluster formed: " + formed);

      Instant stopped = Instant.now();
      a1.terminate();
      JsonNode after =
          awaitCluster(
              a2,
              c ->
                  upMembers(c) == 2
                      && schedulersKnown(c, 2)
                      && !schedulerOf(c, "az-a").equals(schedulerA));
      Duration moved = Duration.between(stopped, Instant.now());
      System.out.println("az-a scheduler moved in " + moved.toMillis() + " ms: " + after);

      assertTrue(schedulerA.endsWith(a1.clusterAddress()), "oldest az-a node runs it: " + formed);
      assertTrue(schedulerOf(after, "az-a").endsWith(a2.clusterAddress()), after.toString());
      assertTrue(schedulerOf(after, "az-b").endsWith(b1.clusterAddress()), after.toString());
      assertEquals(2, upMembers(after));
    }
  }

  private JsonNode awaitCluster(NodeProcess node, Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(node.api().resolve("/api/v1/cluster"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        last = JSON.readTree(response.body());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("cluster never reached the expected state; last seen: " + last);
  }

  private static int upMembers(JsonNode cluster) {
    int up = 0;
    for (JsonNode member : cluster.get("members")) {
      if (member.get("status").asText().equals("up")) {
        up++;
      }
    }
    return up;
  }

  private static boolean schedulersKnown(JsonNode cluster, int zones) {
    int known = 0;
    for (JsonNode scheduler : cluster.get("schedulers")) {
      if (!scheduler.get("address").asText().isEmpty()) {
        known++;
      }
    }
    return known == zones;
  }

  private static String schedulerOf(JsonNode cluster, String zone) {
    for (JsonNode scheduler : cluster.get("schedulers")) {
      if (scheduler.get("availabilityZone").asText().equals(zone)) {
        return scheduler.get("address").asText();
      }
    }
    return "";
  }
}
