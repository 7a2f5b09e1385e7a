package dev.darner.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import dev.darner.transfer.serve.LocalPieces;
import dev.darner.transfer.serve.ServablePiece;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * A peer that holds a task but sends corrupted bytes for it is caught by the CRC32C check, reported
 * and avoided, and the download through another peer still ends byte-identical.
 */
class PeerFaultsTest {

  private static final int MIB = 1 << 20;

  @Test
  void lyingParent_caughtAndAvoided_downloadStillByteIdentical() throws Exception {
    AtomicInteger lies = new AtomicInteger();
    try (TestOrigin origin = TestOrigin.start();
        TestNode seed =
            TestNode.start(
                Files.createTempDirectory("darner-seed"), Map.of("darner.node.seed", true));
        TestNode liar =
            TestNode.start(
                Files.createTempDirectory("darner-liar"),
                Map.of("darner.node.join", java.util.List.of(seed.clusterAddress())),
                pieces -> lying(pieces, lies));
        TestNode child =
            TestNode.start(
                Files.createTempDirectory("darner-child"),
                Map.of("darner.node.join", java.util.List.of(seed.clusterAddress())))) {
      TestOrigin.Resource file = origin.serve("/shared.bin", TestContent.random(40 * MIB, 31));
      awaitUp(child, 3);
      assertEquals(200, liar.get(liar.download(file.url(), "")).statusCode());

      HttpResponse<byte[]> response = child.get(child.download(file.url(), ""));

      assertEquals(200, response.statusCode());
      assertArrayEquals(file.content().bytes(), response.body());
      assertTrue(lies.get() > 0, "the liar was never asked, so the test proved nothing");
      assertTrue(
          file.bytesSent() <= file.content().size() + 4L * MIB,
          "origin sent " + file.bytesSent() + " bytes; the peers should have served the rest");
    }
  }

  private static LocalPieces lying(LocalPieces honest, AtomicInteger lies) {
    return (task, index) ->
        honest
            .open(task, index)
            .map(
                piece -> {
                  lies.incrementAndGet();
                  byte[] junk = new byte[piece.length()];
                  return new ServablePiece(
                      piece.length(), piece.crc32c(), Source.single(ByteString.fromArray(junk)));
                });
  }

  private static void awaitUp(TestNode node, int members) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      int up = 0;
      for (var m : Cluster.get(node.node().system()).state().getMembers()) {
        up += m.status() == MemberStatus.up() ? 1 : 0;
      }
      if (up == members) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("cluster never had " + members + " members up");
  }
}
