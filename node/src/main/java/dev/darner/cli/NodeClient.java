package dev.darner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Talks to one node's HTTP API for the command line. The command line uses the JDK's client so it
 * starts fast and never needs an actor system of its own.
 */
final class NodeClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  NodeClient(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Returns the node's base URL. */
  URI base() {
    return base;
  }

  /** Returns whether the node answers its liveness check. */
  boolean isAlive() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("/healthz")).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Returns the node's answer to a download of {@code url}, its body still to be read.
   *
   * @param headers {@code Name: value} lines to forward to the origin
   */
  NodeBody download(String url, String digest, List<String> headers) throws IOException {
    StringBuilder query = new StringBuilder("/api/v1/download?url=").append(encode(url));
    if (digest != null) {
      query.append("&digest=").append(encode(digest));
    }
    return NodeBody.get(base.resolve(query.toString()), headers);
  }

  /** Returns the message of a JSON error body, or the body itself when it is not one. */
  static String errorMessage(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(64 * 1024);
    String text = new String(bytes, StandardCharsets.UTF_8);
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

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
