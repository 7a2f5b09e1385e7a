package dev.darner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five node processes in two AZs, each AZ with a seed, all download one file at once: every copy is
 * byte-identical, the origin serves the file about once per AZ, and no piece crosses AZs.
 */
class TwoZonesIT {

  private static final long MIB = 1L << 20;
  private static final long SIZE = Long.getLong("darner.it.zones.mib", 128) * MIB;
  private static final Pattern CROSS_AZ =
      Pattern.compile("darner_traffic_bytes_total\\{source=\"cross_az\"} (\\S+)");

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void fiveNodesTwoAzs_originServesTheFileOncePerAz_noPieceCrossesAzs() throws Exception {
    TestContent content = TestContent.random(SIZE, 46);
    String expected = Sha256.of(content);
    try (TestOrigin origin = TestOrigin.start();
        NodeProcess a1 = NodeProcess.start(dir.resolve("a1"), "--az=az-a", "--seed");
        NodeProcess a2 =
            NodeProcess.start(dir.resolve("a2"), "--az=az-a", "--join=" + a1.clusterAddress());
        NodeProcess a3 =
            NodeProcess.start(dir.resolve("a3"), "--az=az-a", "--join=" + a1.clusterAddress());
        NodeProcess b1 =
            NodeProcess.start(
                dir.resolve("b1"), "--az=az-b", "--seed", "--join=" + a1.clusterAddress());
        NodeProcess b2 =
            NodeProcess.start(dir.resolve("b2"), "--az=az-b", "--join=" + a1.clusterAddress())) {
      TestOrigin.Resource file = origin.serve("/image-layer.bin", content);
      List<NodeProcess> nodes = List.of(a1, a2, a3, b1, b2);
      b2.awaitMembersUp(nodes.size());

      Instant start = Instant.now();
      List<CompletableFuture<String>> copies = new ArrayList<>();
      for (NodeProcess node : nodes) {
        copies.add(CompletableFuture.supplyAsync(() -> download(node, file.url(), start)));
      }
      List<String> digests = new ArrayList<>();
      for (CompletableFuture<String> copy : copies) {
        digests.add(copy.get());
      }
      double crossAz = 0;
      for (NodeProcess node : nodes) {
        crossAz += crossAzBytes(node);
      }

      double perAz = (double) file.bytesSent() / SIZE / 2;
      System.out.printf(
          "zones: %d MiB to 5 nodes in 2 AZs, origin sent %d bytes = %.3f x the file per AZ,"
              + " cross-AZ piece bytes %.0f%n",
          SIZE / MIB, file.bytesSent(), perAz, crossAz);
      for (String digest : digests) {
        assertEquals(expected, digest, "every node's copy must be byte-identical");
      }
      assertTrue(perAz <= 1.05, "origin sent " + perAz + " x the file per AZ; at most 1.05");
      assertEquals(0.0, crossAz, "no piece may cross AZs under the default policy");
    }
  }

  private static String download(NodeProcess node, URI url, Instant start) {
    try {
      String digest = node.downloadSha256(url);
      System.out.printf(
          "%s: node %s finished in %d ms%n",
          "zones", node.clusterAddress(), Duration.between(start, Instant.now()).toMillis());
      return digest;
    } catch (Exception e) {
      throw new IllegalStateException("download through " + node.clusterAddress() + " failed", e);
    }
  }

  private double crossAzBytes(NodeProcess node) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(node.api().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = CROSS_AZ.matcher(metrics);
    if (!m.find()) {
      throw new AssertionError("no cross-AZ traffic counter in /metrics of " + node.api());
    }
    return Double.parseDouble(m.group(1));
  }
}
