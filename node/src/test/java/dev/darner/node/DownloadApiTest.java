package dev.darner.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The download API of a real node against a real HTTP origin: ranges or none, faults at the origin,
 * digests right and wrong, range reads, bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownloadApiTest {

  private static final int MIB = 1 << 20;

  private TestOrigin origin;
  private TestNode node;

  @BeforeAll
  void start() throws IOException {
    origin = TestOrigin.start();
    node = TestNode.start(Files.createTempDirectory("darner-api-test"));
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
    origin.close();
  }

  @Test
  void download_originWithRanges_byteIdenticalAndFetchedOnce() throws Exception {
    TestOrigin.Resource file = origin.serve("/ranged", TestContent.random(10 * MIB + 123, 1));

    HttpResponse<byte[]> response = node.get(node.download(file.url(), ""));

    assertEquals(200, response.statusCode());
    assertArrayEquals(file.content().bytes(), response.body());
    assertTrue(file.bytesSent() <= file.content().size() + 16, "sent " + file.bytesSent());
  }

  @Test
  void download_originWithoutRanges_byteIdentical() throws Exception {
    TestOrigin.Resource file =
        origin.serve("/plain", TestContent.random(9 * MIB, 2)).rangesSupported(false);

    HttpResponse<byte[]> response = node.get(node.download(file.url(), ""));

    assertEquals(200, response.statusCode());
    assertArrayEquals(file.content().bytes(), response.body());
  }

  @Test
  void download_secondClient_servedFromStore() throws Exception {
    TestOrigin.Resource file = origin.serve("/twice", TestContent.random(5 * MIB, 3));
    node.get(node.download(file.url(), ""));
    long sentOnce = file.bytesSent();

    HttpResponse<byte[]> again = node.get(node.download(file.url(), ""));

    assertArrayEquals(file.content().bytes(), again.body());
    assertEquals(sentOnce, file.bytesSent());
  }

  @Test
  void download_transientServerErrors_retriedAndSucceeds() throws Exception {
    TestOrigin.Resource file = origin.serve("/flaky", TestContent.random(9 * MIB, 4));
    file.failNext(3, 503);

    HttpResponse<byte[]> response = node.get(node.download(file.url(), ""));

    assertEquals(200, response.statusCode());
    assertArrayEquals(file.content().bytes(), response.body());
  }

  @Test
  void download_connectionResetMidBody_retriedAndSucceeds() throws Exception {
    TestOrigin.Resource file = origin.serve("/reset", TestContent.random(9 * MIB, 5));
    file.resetNext(3, 100_000);

    HttpResponse<byte[]> response = node.get(node.download(file.url(), ""));

    assertEquals(200, response.statusCode());
    assertArrayEquals(file.content().bytes(), response.body());
  }

  @Test
  void download_resetMidBodyWithoutRanges_restartsAndSucceeds() throws Exception {
    TestOrigin.Resource file =
        origin.serve("/reset-plain", TestContent.random(9 * MIB, 6)).rangesSupported(false);
    file.resetNext(2, 5 * MIB);

    HttpResponse<byte[]> response = node.get(node.download(file.url(), ""));

    assertEquals(200, response.statusCode());
    assertArrayEquals(file.content().bytes(), response.body());
  }

  @Test
  void download_slowOrigin_firstBytesArriveBeforeTheLastPieceIsFetched() throws Exception {
    TestOrigin.Resource file =
        origin.serve("/slow", TestContent.random(40 * MIB, 7)).rateLimit(16L * MIB);

    HttpResponse<InputStream> response =
        node.stream(HttpRequest.newBuilder(node.download(file.url(), "")).build());
    byte[] first;
    long sentWhenFirstBytesArrived;
    try (InputStream body = response.body()) {
      first = body.readNBytes(MIB);
      sentWhenFirstBytesArrived = file.bytesSent();
      body.transferTo(java.io.OutputStream.nullOutputStream());
    }

    assertArrayEquals(file.content().bytes(0, MIB), first);
    assertTrue(
        sentWhenFirstBytesArrived < file.content().size(),
        "origin had sent " + sentWhenFirstBytesArrived + " bytes when the client got its first");
  }

  @Test
  void download_rangeHeader_partialContentOfThatRange() throws Exception {
    TestOrigin.Resource file = origin.serve("/range", TestContent.random(16 * MIB, 8));
    long from = 9L * MIB + 17;

    HttpResponse<byte[]> response =
        node.send(
            HttpRequest.newBuilder(node.download(file.url(), ""))
                .header("Range", "bytes=" + from + "-" + (from + 4095))
                .build());

    assertEquals(206, response.statusCode());
    assertEquals(
        "bytes " + from + "-" + (from + 4095) + "/" + 16 * MIB,
        response.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(file.content().bytes(from, 4096), response.body());
  }

  @Test
  void download_rangeBeyondEnd_416() throws Exception {
    TestOrigin.Resource file = origin.serve("/range416", TestContent.random(MIB, 9));

    HttpResponse<byte[]> response =
        node.send(
            HttpRequest.newBuilder(node.download(file.url(), ""))
                .header("Range", "bytes=" + (2 * MIB) + "-")
                .build());

    assertEquals(416, response.statusCode());
  }

  @Test
  void download_rightDigest_served() throws Exception {
    TestOrigin.Resource file = origin.serve("/digest-ok", TestContent.random(9 * MIB, 10));

    HttpResponse<byte[]> response =
        node.get(node.download(file.url(), "&digest=" + sha256(file.content().bytes())));

    assertEquals(200, response.statusCode());
    assertArrayEquals(file.content().bytes(), response.body());
  }

  @Test
  void download_wrongDigest_failsAndKeepsNothing() throws Exception {
    TestOrigin.Resource file = origin.serve("/digest-bad", TestContent.random(9 * MIB, 11));
    String wrong = "&digest=sha256:" + "0".repeat(64);

    boolean firstCompleted = completesWith200(node.download(file.url(), wrong));
    boolean againCompleted = completesWith200(node.download(file.url(), wrong));

    assertFalse(firstCompleted, "content that fails its digest must never arrive whole");
    assertFalse(againCompleted, "nor may it be kept as complete and served the next time");
  }

  @Test
  void download_originNotFound_404WithReason() throws Exception {
    HttpResponse<byte[]> response = node.get(node.download(origin.url("/missing"), ""));

    assertEquals(404, response.statusCode());
    assertTrue(new String(response.body()).contains("\"message\""), new String(response.body()));
  }

  @Test
  void download_deadOrigin_502WithReason() throws Exception {
    URI dead = URI.create("http://127.0.0.1:" + freePort() + "/gone");

    HttpResponse<byte[]> response = node.get(node.download(dead, ""));

    assertEquals(502, response.statusCode());
  }

  @Test
  void download_malformedUrl_400NamingIt() throws Exception {
    HttpResponse<byte[]> response = node.get(node.api("/api/v1/download?url=ftp%3A%2F%2Fnope"));

    assertEquals(400, response.statusCode());
    assertTrue(new String(response.body()).contains("ftp://nope"), new String(response.body()));
  }

  @Test
  void download_missingUrl_400() throws Exception {
    assertEquals(400, node.get(node.api("/api/v1/download")).statusCode());
  }

  @Test
  void download_badDigest_400() throws Exception {
    HttpResponse<byte[]> response =
        node.get(node.download(origin.url("/x"), "&digest=sha256:nothex"));

    assertEquals(400, response.statusCode());
  }

  @Test
  void download_authorizationHeader_forwardedToOrigin() throws Exception {
    TestOrigin.Resource file =
        origin
            .serve("/private", TestContent.random(MIB, 12))
            .requireAuthorization("Bearer secret-token");

    HttpResponse<byte[]> refused = node.get(node.download(file.url(), "&tag=anonymous"));
    HttpResponse<byte[]> allowed =
        node.send(
            HttpRequest.newBuilder(node.download(file.url(), ""))
                .header("Authorization", "Bearer secret-token")
                .timeout(Duration.ofSeconds(30))
                .build());

    assertEquals(502, refused.statusCode());
    assertEquals(200, allowed.statusCode());
    assertArrayEquals(file.content().bytes(), allowed.body());
    assertFalse(storeContains("secret-token"), "credentials must never reach the disk");
  }

  @Test
  void healthz_alive() throws Exception {
    assertEquals(200, node.get(node.api("/healthz")).statusCode());
  }

  /** Returns whether {@code uri} answers 200 with its whole body. */
  private boolean completesWith200(URI uri) throws InterruptedException {
    try {
      return node.get(uri).statusCode() == 200;
    } catch (IOException cutOff) {
      return false;
    }
  }

  private boolean storeContains(String text) throws IOException {
    try (var files = Files.walk(node.dataDir())) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (p.getFileName().toString().equals("data")) {
          continue;
        }
        if (new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains(text)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
