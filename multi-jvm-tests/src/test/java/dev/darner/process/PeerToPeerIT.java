package dev.darner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestOrigin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four node processes on loopback, one a seed, all download the same file at once from an origin
 * that counts what it sends: every copy is byte-identical and the origin serves the file about
 * once, because the peers take their pieces from each other.
 */
class PeerToPeerIT {

  private static final long MIB = 1L << 20;
  private static final long SIZE = Long.getLong("darner.it.p2p.mib", 512) * MIB;

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void fourNodesOneSeed_allByteIdentical_originSendsTheFileAboutOnce() throws Exception {
    TestContent content = TestContent.random(SIZE, 44);
    String expected = Sha256.of(content);
    try (TestOrigin origin = TestOrigin.start();
        NodeProcess seed = NodeProcess.start(dir.resolve("seed"), "--seed");
        NodeProcess p1 = NodeProcess.start(dir.resolve("p1"), "--join=" + seed.clusterAddress());
        NodeProcess p2 = NodeProcess.start(dir.resolve("p2"), "--join=" + seed.clusterAddress());
        NodeProcess p3 = NodeProcess.start(dir.resolve("p3"), "--join=" + seed.clusterAddress())) {
      TestOrigin.Resource file = origin.serve("/model.bin", content);
      List<NodeProcess> nodes = List.of(seed, p1, p2, p3);
      p3.awaitMembersUp(4);

      Instant start = Instant.now();
      List<CompletableFuture<String>> copies = new ArrayList<>();
      for (NodeProcess node : nodes) {
        copies.add(CompletableFuture.supplyAsync(() -> download(node, file.url(), start)));
      }
      List<String> digests = new ArrayList<>();
      for (CompletableFuture<String> copy : copies) {
        digests.add(copy.get());
      }

      double ratio = (double) file.bytesSent() / SIZE;
      System.out.printf(
          "p2p: %d MiB to 4 nodes, origin sent %d bytes = %.3f x the file%n",
          SIZE / MIB, file.bytesSent(), ratio);
      for (String digest : digests) {
        assertEquals(expected, digest, "every node's copy must be byte-identical");
      }
      assertTrue(ratio <= 1.05, "origin sent " + ratio + " x the file; at most 1.05 allowed");
    }
  }

  @Test
  void parentKilledMidTransfer_childStillFinishesByteIdentical() throws Exception {
    TestContent content = TestContent.random(128 * MIB, 45);
    String expected = Sha256.of(content);
    try (TestOrigin origin = TestOrigin.start();
        NodeProcess seed = NodeProcess.start(dir.resolve("seed"), "--seed");
        NodeProcess parent =
            NodeProcess.start(dir.resolve("parent"), "--join=" + seed.clusterAddress());
        NodeProcess child =
            NodeProcess.start(
                dir.resolve("child"),
                List.of("-Ddarner.transfer.client.max-download-rate=24MiB"),
                "--join=" + seed.clusterAddress())) {
      TestOrigin.Resource file = origin.serve("/layer.bin", content);
      child.awaitMembersUp(3);
      Instant start = Instant.now();
      download(seed, file.url(), start);
      download(parent, file.url(), start);

      CompletableFuture<String> copy =
          CompletableFuture.supplyAsync(() -> download(child, file.url(), Instant.now()));
      Thread.sleep(1500);
      parent.kill();

      assertEquals(expected, copy.get(), "the child's copy must be byte-identical");
      assertTrue(
          file.bytesSent() <= 1.05 * content.size(),
          "origin sent " + file.bytesSent() + " bytes for a " + content.size() + "-byte file");
    }
  }

  private static String download(NodeProcess node, URI url, Instant start) {
    try {
      String digest = node.downloadSha256(url);
      System.out.printf(
          "%s: node %s finished in %d ms%n",
          "p2p", node.clusterAddress(), Duration.between(start, Instant.now()).toMillis());
      return digest;
    } catch (Exception e) {
      throw new IllegalStateException("download through " + node.clusterAddress() + " failed", e);
    }
  }
}
