package dev.darner.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.Curl;
import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * curl with the node as its HTTP proxy: URLs that match a rule go peer-to-peer, the rest pass
 * through, and CONNECT tunnels pass through untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyTest {

  private static final int MIB = 1 << 20;

  private Path dir;
  private TestOrigin origin;
  private TestNode node;
  private String proxy;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("darner-proxy");
    origin = TestOrigin.start();
    node =
        TestNode.start(
            Files.createDirectories(dir.resolve("node")),
            Map.of("darner.proxy.rules", List.of("/p2p/", "\\.layer$")));
    proxy = "http://127.0.0.1:" + node.node().proxyPort();
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
    origin.close();
  }

  @Test
  void get_urlMatchingRule_servedPeerToPeerAndFetchedOnce() throws Exception {
    TestOrigin.Resource file = origin.serve("/p2p/file", TestContent.random(6 * MIB, 31));

    Curl.Result first = Curl.run(dir, file.url(), "-x", proxy);
    Curl.Result second = Curl.run(dir, file.url(), "-x", proxy);

    assertEquals(200, second.status());
    assertArrayEquals(file.content().bytes(), first.body());
    assertArrayEquals(file.content().bytes(), second.body());
    assertNotNull(second.header("X-Darner-Task-Id"));
    assertTrue(file.bytesSent() <= file.content().size() + 1, "sent " + file.bytesSent());
  }

  @Test
  void get_urlMatchingNoRule_passesThrough() throws Exception {
    TestOrigin.Resource file = origin.serve("/direct/file", TestContent.random(MIB, 32));

    Curl.Result first = Curl.run(dir, file.url(), "-x", proxy);
    Curl.Result second = Curl.run(dir, file.url(), "-x", proxy);

    assertArrayEquals(file.content().bytes(), second.body());
    assertNull(first.header("X-Darner-Task-Id"));
    assertEquals(2, file.requestCount());
  }

  @Test
  void connect_tunnelPassesBytesUntouched() throws Exception {
    TestOrigin.Resource file = origin.serve("/p2p/tunnelled", TestContent.random(MIB, 33));

    Curl.Result tunnelled = Curl.run(dir, file.url(), "-x", proxy, "--proxytunnel");

    assertEquals(0, tunnelled.exitCode(), tunnelled.messages());
    assertArrayEquals(file.content().bytes(), tunnelled.body());
    assertNull(tunnelled.header("X-Darner-Task-Id"), "a tunnel is never peer-to-peer");
  }

  @Test
  void rangeGet_matchingRule_206AndOnlyThePieceFetched() throws Exception {
    TestOrigin.Resource file = origin.serve("/big.layer", TestContent.random(32 * MIB, 34));
    long from = 20L * MIB + 5;

    Curl.Result read = Curl.run(dir, file.url(), "-x", proxy, "-r", from + "-" + (from + 4095));

    assertEquals(206, read.status());
    assertArrayEquals(file.content().bytes(from, 4096), read.body());
    assertTrue(file.bytesSent() <= 4L * MIB + 1, "sent " + file.bytesSent());
  }

  @Test
  void get_proxiedThroughTheHttpPort_alsoPeerToPeer() throws Exception {
    TestOrigin.Resource file = origin.serve("/p2p/via-api-port", TestContent.random(MIB, 35));

    Curl.Result read =
        Curl.run(dir, file.url(), "-x", "http://127.0.0.1:" + node.node().httpPort());

    assertArrayEquals(file.content().bytes(), read.body());
    assertNotNull(read.header("X-Darner-Task-Id"));
  }
}
