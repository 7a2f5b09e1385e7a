package dev.darner.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node that moved real bytes: its {@code /metrics} passes promtool, and its traffic split adds up
 * to the bytes its clients received and the origin sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIB = 1 << 20;

  private TestOrigin origin;
  private TestNode node;
  private long clientBytes;
  private long originBodyBytes;
  private long ranged;
  private long plain;

  @BeforeAll
  void moveBytes() throws Exception {
    origin = TestOrigin.start();
    node = TestNode.start(Files.createTempDirectory("darner-metrics-test"));
    TestOrigin.Resource rangedFile = origin.serve("/ranged", TestContent.random(9 * MIB + 5, 1));
    TestOrigin.Resource plainFile =
        origin.serve("/plain", TestContent.random(5 * MIB + 3, 2)).rangesSupported(false);
    ranged = rangedFile.content().size();
    plain = plainFile.content().size();
    clientBytes += fetch(rangedFile);
    clientBytes += fetch(plainFile);
    clientBytes += fetch(rangedFile);
    originBodyBytes = rangedFile.bytesSent() + plainFile.bytesSent();
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
    origin.close();
  }

  @Test
  void stat_afterDownloads_trafficSplitAddsUpToBytesMoved() throws Exception {
    JsonNode traffic = JSON.readTree(node.get(node.api("/api/v1/stat")).body()).get("traffic");

    long fromOrigin = traffic.get("originBytes").asLong();
    long local = traffic.get("localBytes").asLong();
    assertEquals(ranged + plain, fromOrigin);
    assertEquals(ranged, local);
    assertEquals(0, traffic.get("peerBytes").asLong() + traffic.get("crossAzBytes").asLong());
    assertEquals(clientBytes, fromOrigin + local);
    // The origin also sent the one-byte probe that learns the content's length.
    assertTrue(originBodyBytes - fromOrigin <= 2, "origin sent " + originBodyBytes);
  }

  @Test
  void metrics_busyNode_passesPromtool() throws Exception {
    HttpResponse<byte[]> response = node.get(node.api("/metrics"));
    String scrape = new String(response.body(), StandardCharsets.UTF_8);

    Promtool.Verdict verdict = Promtool.check(scrape);

    assertEquals(200, response.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=UTF-8",
        response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(0, verdict.exitCode(), verdict.output());
    assertEquals(
        ranged + plain, (long) value(scrape, "darner_traffic_bytes_total{source=\"origin\"}"));
    assertEquals(ranged, (long) value(scrape, "darner_traffic_bytes_total{source=\"local\"}"));
    assertTrue(value(scrape, "darner_back_to_source_total") >= 3, scrape);
    assertTrue(value(scrape, "darner_piece_download_seconds_count{source=\"origin\"}") >= 3);
    assertEquals(1, value(scrape, "darner_cluster_members{az=\"default\",status=\"up\"}"));
    assertEquals(2, value(scrape, "darner_store_tasks"));
  }

  private long fetch(TestOrigin.Resource file) throws Exception {
    HttpResponse<byte[]> response = node.get(node.download(file.url(), ""));
    assertArrayEquals(file.content().bytes(), response.body());
    return response.body().length;
  }

  private static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertTrue(m.find(), series + " missing from:\n" + scrape);
    return Double.parseDouble(m.group(1));
  }
}
