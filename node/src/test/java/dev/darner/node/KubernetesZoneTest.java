package dev.darner.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads the zone label of a Node object from a stand-in for the Kubernetes API server. */
class KubernetesZoneTest {

  private HttpServer api;
  private final AtomicReference<String> authorization = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/api/v1/nodes/",
        exchange -> {
          authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          boolean known = exchange.getRequestURI().getPath().endsWith("/worker-1");
          byte[] body =
              (known
                      ? "{\"metadata\":{\"name\":\"worker-1\",\"labels\":"
                          + "{\"topology.kubernetes.io/zone\":\"eu-west-1b\"}}}"
                      : "{\"kind\":\"Status\",\"code\":404}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(known ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  @Test
  void zone_labelledNode_labelValueWithBearerToken() throws Exception {
    KubernetesZone lookup = lookup();

    String zone = lookup.zone("worker-1", "topology.kubernetes.io/zone");

    assertEquals("eu-west-1b", zone);
    assertEquals("Bearer sa-token", authorization.get());
  }

  @Test
  void zone_missingLabel_failsNamingIt() {
    IOException e =
        assertThrows(IOException.class, () -> lookup().zone("worker-1", "example.com/rack"));

    assertTrue(e.getMessage().contains("example.com/rack"), e.getMessage());
  }

  @Test
  void zone_unknownNode_failsWithStatus() {
    IOException e = assertThrows(IOException.class, () -> lookup().zone("worker-9", "x"));

    assertTrue(e.getMessage().contains("404"), e.getMessage());
  }

  private KubernetesZone lookup() {
    URI base = URI.create("http://127.0.0.1:" + api.getAddress().getPort());
    return new KubernetesZone(base, Optional.of("sa-token"), HttpClient.newHttpClient());
  }
}
