package dev.darner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * {@code darner get} against a real node and a real origin: the file it writes, the digest check,
 * its exit codes, and that it never leaves a partial file where the output was asked for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetCommandTest {

  private static final int MIB = 1 << 20;

  private TestOrigin origin;
  private TestNode node;
  private Path dir;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("darner-get-test");
    origin = TestOrigin.start();
    node = TestNode.start(dir.resolve("node"), Map.of("pekko.cluster.jmx.enabled", "off"));
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
    origin.close();
  }

  @Test
  void get_withDigest_writesTheFileByteIdentical() throws Exception {
    TestOrigin.Resource file = origin.serve("/ok", TestContent.random(9 * MIB + 17, 21));
    Path out = dir.resolve("ok.bin");

    Run run =
        darner(
            "get",
            "-q",
            "--node",
            nodeUrl(),
            "--digest",
            sha256(file.content().bytes()),
            file.url().toString(),
            "-O",
            out.toString());

    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertArrayEquals(file.content().bytes(), Files.readAllBytes(out));
    assertNoPartialFiles();
  }

  @Test
  void get_forwardsHeadersToTheOrigin() throws Exception {
    TestOrigin.Resource file =
        origin.serve("/private", TestContent.random(MIB, 22)).requireAuthorization("Bearer t0ken");
    Path out = dir.resolve("private.bin");

    Run run =
        darner(
            "get",
            "-q",
            "--node",
            nodeUrl(),
            "-H",
            "Authorization: Bearer t0ken",
            file.url().toString(),
            "-O",
            out.toString());

    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertArrayEquals(file.content().bytes(), Files.readAllBytes(out));
  }

  @Test
  void get_wrongDigest_failsWithReasonAndWritesNothing() throws Exception {
    TestOrigin.Resource file = origin.serve("/lying", TestContent.random(5 * MIB, 23));
    Path out = dir.resolve("lying.bin");

    Run run =
        darner(
            "get",
            "-q",
            "--node",
            nodeUrl(),
            "--digest",
            "sha256:" + "0".repeat(64),
            file.url().toString(),
            "-O",
            out.toString());

    assertEquals(ExitCodes.FAILED, run.exit());
    assertTrue(run.err().startsWith("darner: "), run.err());
    assertFalse(Files.exists(out));
    assertNoPartialFiles();
  }

  @Test
  void get_originAnswers404_failsWithTheReason() {
    Path out = dir.resolve("missing.bin");

    Run run =
        darner(
            "get",
            "-q",
            "--node",
            nodeUrl(),
            origin.url("/nothing-here").toString(),
            "-O",
            out.toString());

    assertEquals(ExitCodes.FAILED, run.exit());
    assertTrue(run.err().contains("404"), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void get_outputIsADirectory_refused() throws Exception {
    TestOrigin.Resource file = origin.serve("/dir", TestContent.random(MIB, 24));

    Run run = darner("get", "-q", "--node", nodeUrl(), file.url().toString(), "-O", dir.toString());

    assertEquals(ExitCodes.USAGE, run.exit());
    assertTrue(run.err().contains("is a directory"), run.err());
  }

  @Test
  void get_noNodeAnswers_exitsNodeUnreachable() throws Exception {
    int unused;
    try (ServerSocket socket = new ServerSocket(0)) {
      unused = socket.getLocalPort();
    }

    Run run =
        darner(
            "get",
            "-q",
            "--node",
            "http://127.0.0.1:" + unused,
            "http://127.0.0.1:1/x",
            "-O",
            dir.resolve("never.bin").toString());

    assertEquals(ExitCodes.NODE_UNREACHABLE, run.exit());
    assertTrue(run.err().contains("no Darner node answers"), run.err());
  }

  @Test
  void get_malformedUrl_usageError() {
    Run run = darner("get", "-q", "--node", nodeUrl(), "ftp://example/x", "-O", "x.bin");

    assertTrue(run.exit() != ExitCodes.OK);
    assertTrue(run.err().startsWith("darner: "), run.err());
  }

  private void assertNoPartialFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> partial = files.filter(p -> p.toString().endsWith(".part")).toList();
      assertTrue(partial.isEmpty(), "left behind: " + partial);
    }
  }

  private String nodeUrl() {
    return node.api("/").toString().replaceAll("/$", "");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static Run darner(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
