package dev.darner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of three node processes in two AZs, through the packaged command line: {@code
 * cluster members} and {@code tasks ls --cluster --json} tell the truth of the cluster, and {@code
 * cluster leave} takes a node out cleanly.
 */
class ClusterOperationsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void threeNodesTwoAzs_commandLineShowsTheTruth_leaveTakesANodeOut() throws Exception {
    try (TestOrigin origin = TestOrigin.start();
        NodeProcess a1 = NodeProcess.start(dir.resolve("a1"), "--az=az-a", "--seed");
        NodeProcess a2 =
            NodeProcess.start(dir.resolve("a2"), "--az=az-a", "--join=" + a1.clusterAddress());
        NodeProcess b1 =
            NodeProcess.start(
                dir.resolve("b1"), "--az=az-b", "--seed", "--join=" + a1.clusterAddress())) {
      String a1Node = "--node=" + a1.api();
      JsonNode members = await(() -> json("cluster", "members", "--json", a1Node), m -> up(m) == 3);
      TestOrigin.Resource file = origin.serve("/layer", TestContent.random(6 << 20, 11));
      String task = download(a2, file);
      String b1Host = "127.0.0.1:" + b1.piecePort();

      JsonNode listing =
          await(
              () -> json("tasks", "ls", "--cluster", "--json", "--node=" + b1.api()),
              l -> l.get("hosts").size() == 3);
      DarnerCli.Result table = DarnerCli.run("cluster", "members", a1Node);
      System.out.println("members:\n" + table.out() + "tasks:\n" + listing.toPrettyString());

      assertEquals(List.of("az-a", "az-a", "az-b"), zones(members));
      assertEquals(4, table.out().lines().count(), table.toString());
      assertEquals(List.of("az-a", "az-a", "az-b"), hostZones(listing));
      assertEquals(List.of(task), tasksOf(listing, "127.0.0.1:" + a2.piecePort()));
      // a1 is az-a's seed: it fetched the task from the origin for a2, which took it from a1.
      assertEquals(List.of(task), tasksOf(listing, "127.0.0.1:" + a1.piecePort()));
      assertEquals(List.of(), tasksOf(listing, b1Host));

      Instant asked = Instant.now();
      DarnerCli.Result leave = DarnerCli.run("cluster", "leave", a2.clusterAddress(), a1Node);
      int exit = a2.awaitExit(WAIT);
      JsonNode after =
          await(() -> json("cluster", "members", "--json", a1Node), m -> m.size() == 2);
      System.out.println(
          "a2 left and exited in " + Duration.between(asked, Instant.now()).toMillis() + " ms");

      assertEquals(0, leave.exit(), leave.toString());
      assertTrue(leave.out().contains("Asked to leave: pekko://darner@" + a2.clusterAddress()));
      assertEquals(0, exit, a2.logTail());
      assertTrue(Files.readString(a2.dataDir().resolve("node.log")).contains("closed cleanly"));
      assertEquals(2, up(after), after.toString());
    }
  }

  private String download(NodeProcess node, TestOrigin.Resource file) throws Exception {
    String url = URLEncoder.encode(file.url().toString(), StandardCharsets.UTF_8);
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(node.api().resolve("/api/v1/download?url=" + url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    assertEquals(file.content().size(), response.body().length);
    return response.headers().firstValue("X-Darner-Task-Id").orElseThrow();
  }

  private static JsonNode json(String... args) throws Exception {
    DarnerCli.Result result = DarnerCli.run(args);
    if (result.exit() != 0) {
      throw new AssertionError(result.toString());
    }
    return JSON.readTree(result.out());
  }

  private interface Call {
    JsonNode get() throws Exception;
  }

  private static JsonNode await(Call call, Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = call.get();
      if (condition.test(last)) {
        return last;
      }
    }
    throw new AssertionError("never reached the expected state; last seen: " + last);
  }

  private static int up(JsonNode members) {
    int up = 0;
    for (JsonNode m : members) {
      up += m.get("status").asText().equals("up") ? 1 : 0;
    }
    return up;
  }

  private static List<String> zones(JsonNode members) {
    List<String> zones = new ArrayList<>();
    members.forEach(m -> zones.add(m.get("availabilityZone").asText()));
    return zones;
  }

  private static List<String> hostZones(JsonNode listing) {
    List<String> zones = new ArrayList<>();
    listing.get("hosts").forEach(h -> zones.add(h.get("availabilityZone").asText()));
    return zones;
  }

  private static List<String> tasksOf(JsonNode listing, String host) {
    for (JsonNode h : listing.get("hosts")) {
      if (h.get("host").asText().equals(host)) {
        List<String> tasks = new ArrayList<>();
        h.get("tasks").forEach(t -> tasks.add(t.get("task").asText()));
        return tasks;
      }
    }
    throw new AssertionError("host " + host + " missing from " + listing);
  }
}
