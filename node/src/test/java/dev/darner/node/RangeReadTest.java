package dev.darner.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Range reads fetch only the pieces they cover, as a lazily loading image format needs, and a whole
 * read of the same task afterwards still gets every piece and the digest check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangeReadTest {

  private static final int MIB = 1 << 20;
  private static final int PIECE = 4 * MIB;

  private TestOrigin origin;
  private TestNode node;

  @BeforeAll
  void start() throws IOException {
    origin = TestOrigin.start();
    node = TestNode.start(Files.createTempDirectory("darner-range-test"));
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
    origin.close();
  }

  @Test
  void rangeRead_middleOfLargeBlob_fetchesOnlyTheCoveringPiece() throws Exception {
    TestOrigin.Resource blob = origin.serve("/middle", TestContent.random(64 * MIB, 21));
    long from = 32L * MIB + 1000;

    HttpResponse<byte[]> response = readRange(blob, from, 4096, digestOf(blob));

    assertEquals(206, response.statusCode());
    assertArrayEquals(blob.content().bytes(from, 4096), response.body());
    assertTrue(blob.bytesSent() <= PIECE + 1, "origin sent " + blob.bytesSent() + " bytes");
  }

  @Test
  void rangeRead_acrossPieceBoundary_fetchesTwoPieces() throws Exception {
    TestOrigin.Resource blob = origin.serve("/boundary", TestContent.random(64 * MIB, 22));
    long from = 8L * PIECE - 2048;

    HttpResponse<byte[]> response = readRange(blob, from, 4096, digestOf(blob));

    assertArrayEquals(blob.content().bytes(from, 4096), response.body());
    assertTrue(blob.bytesSent() <= 2L * PIECE + 1, "origin sent " + blob.bytesSent() + " bytes");
  }

  @Test
  void rangeRead_lastBytesWithDigest_servedWithoutTheWholeBlob() throws Exception {
    TestOrigin.Resource blob = origin.serve("/tail", TestContent.random(20 * MIB + 4096, 23));
    long size = blob.content().size();

    HttpResponse<byte[]> response = readRange(blob, size - 512, 512, digestOf(blob));

    assertArrayEquals(blob.content().bytes(size - 512, 512), response.body());
    assertTrue(blob.bytesSent() <= PIECE + 1, "origin sent " + blob.bytesSent() + " bytes");
  }

  @Test
  void wholeRead_afterRangeRead_fetchesTheRestAndVerifies() throws Exception {
    TestOrigin.Resource blob = origin.serve("/then-whole", TestContent.random(24 * MIB, 24));
    String digest = digestOf(blob);
    readRange(blob, 5L * MIB, 4096, digest);

    HttpResponse<byte[]> whole = node.get(node.download(blob.url(), "&digest=" + digest));

    assertEquals(200, whole.statusCode());
    assertArrayEquals(blob.content().bytes(), whole.body());
    assertTrue(blob.bytesSent() <= blob.content().size() + 2, "origin sent " + blob.bytesSent());
  }

  private HttpResponse<byte[]> readRange(
      TestOrigin.Resource blob, long from, int length, String digest) throws Exception {
    return node.send(
        HttpRequest.newBuilder(node.download(blob.url(), "&digest=" + digest))
            .header("Range", "bytes=" + from + "-" + (from + length - 1))
            .build());
  }

  private static String digestOf(TestOrigin.Resource blob) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob.content().bytes());
    return "sha256:" + HexFormat.of().formatHex(sha);
  }
}
