package dev.darner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Calls one node's management API for the command line and returns its JSON answers; a refusal
 * becomes {@link Refused}, which {@link ExitCodes#of} turns into an exit code.
 */
final class NodeAnswer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  NodeAnswer(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
  }

  /** Returns the JSON answer to {@code GET path}. */
  JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** Returns the JSON answer to {@code POST path} with {@code body} as JSON. */
  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  /** Returns the JSON answer to {@code DELETE path}. */
  JsonNode delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    request.timeout(Duration.ofSeconds(30));
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      ConnectException unreachable = new ConnectException("no Darner node answers at " + base);
      unreachable.initCause(e);
      throw unreachable;
    }
    if (response.statusCode() >= 300) {
      throw new Refused(response.statusCode(), message(response.body()));
    }
    return JSON.readTree(response.body());
  }

  private URI uri(String path) {
    return base.resolve(path);
  }

  private static String message(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode json = JSON.readTree(text);
      if (json != null && json.hasNonNull("message")) {
        return json.get("message").asText();
      }
    } catch (IOException notJson) {
      // The body is not JSON: show it as it is.
    }
    return text.isBlank() ? "no reason given" : text.strip();
  }

  /** The node answered with an error status; the message is the node's own. */
  static final class Refused extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    /** Returns the HTTP status of the answer. */
    int status() {
      return status;
    }
  }
}
