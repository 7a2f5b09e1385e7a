package dev.darner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Starts preheat jobs on a test node and waits for them, as a client of its HTTP API would. */
public final class PreheatJobs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PreheatJobs() {}

  /** Posts {@code body} to the node's preheat API, with {@code token} when given. */
  public static HttpResponse<byte[]> post(TestNode node, String body, Optional<String> token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.api("/api/v1/preheat"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return node.send(request.build());
  }

  /** Posts {@code body}, asserting 202, and returns the job's id. */
  public static String start(TestNode node, String body, Optional<String> token) throws Exception {
    HttpResponse<byte[]> answer = post(node, body, token);
    if (answer.statusCode() != 202) {
      throw new AssertionError(
          "preheat answered " + answer.statusCode() + ": " + new String(answer.body()));
    }
    return JSON.readTree(answer.body()).get("id").asText();
  }

  /** Returns the job {@code id} once it succeeded or failed, waiting up to {@code limit}. */
  public static JsonNode awaitFinished(TestNode node, String id, Duration limit) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    Poll.until(
        "preheat job " + id + " finished",
        limit,
        () -> {
          JsonNode job = JSON.readTree(node.get(node.api("/api/v1/preheat/" + id)).body());
          last.set(job);
          String state = job.path("state").asText();
          return state.equals("SUCCEEDED") || state.equals("FAILED");
        });
    return last.get();
  }

  /** Returns whether the node's store holds task {@code taskId} whole. */
  public static boolean holdsWhole(TestNode node, String taskId) throws Exception {
    HttpResponse<byte[]> answer = node.get(node.api("/api/v1/tasks/" + taskId));
    return answer.statusCode() == 200 && JSON.readTree(answer.body()).get("complete").asBoolean();
  }
}
