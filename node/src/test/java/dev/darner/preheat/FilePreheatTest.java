package dev.darner.preheat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.cli.ExitCodes;
import dev.darner.cli.Main;
import dev.darner.testing.PreheatJobs;
import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Preheating files through a one-node cluster whose node is its own AZ's seed and listens beyond
 * loopback behind an API token: the seed fetches the file once, a later download costs the origin
 * nothing, and bad requests, missing files and unknown jobs get clear answers, over HTTP and from
 * {@code darner preheat}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilePreheatTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIB = 1 << 20;
  private static final String TOKEN = "preheat-token";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private Path dir;
  private TestOrigin origin;
  private TestNode node;
  private Path tokenFile;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("darner-preheat-file");
    origin = TestOrigin.start();
    tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    node =
        TestNode.start(
            dir.resolve("node"),
            Map.of(
                "darner.node.seed", true,
                "darner.node.bind-host", "0.0.0.0",
                "darner.node.advertise-host", "127.0.0.1",
                "darner.api.token-file", tokenFile.toString(),
                "darner.preheat.poll-interval", "100 ms",
                "pekko.cluster.jmx.enabled", "off"));
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void preheat_fileUrl_seedHoldsItAndADownloadCostsTheOriginNothing() throws Exception {
    TestOrigin.Resource file = origin.serve("/model.bin", TestContent.random(9L * MIB + 5, 21));

    String id = PreheatJobs.start(node, fileBody(file, ""), Optional.of(TOKEN));
    JsonNode job = PreheatJobs.awaitFinished(node, id, WAIT);

    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    JsonNode part = job.get("tasks").get(0).get("zones").get(0);
    assertEquals("default", part.get("az").asText());
    assertTrue(part.get("completed").asBoolean());
    assertEquals(file.content().size(), part.get("bytesDone").asLong());
    assertTrue(PreheatJobs.holdsWhole(node, job.get("tasks").get(0).get("taskId").asText()));
    long preheatBytes = file.bytesSent();
    assertTrue(preheatBytes <= file.content().size() + 1, "origin sent " + preheatBytes);

    HttpResponse<byte[]> download = node.get(node.download(file.url(), ""));

    assertEquals(200, download.statusCode());
    assertArrayEquals(file.content().bytes(), download.body());
    assertEquals(preheatBytes, file.bytesSent(), "the download took nothing from the origin");
  }

  @Test
  void preheat_withDigest_taskIdIsTheDigestsOne() throws Exception {
    TestOrigin.Resource file = origin.serve("/digested.bin", TestContent.random(MIB, 22));
    String digest = sha256(file.content().bytes());

    String id = PreheatJobs.start(node, fileBody(file, digest), Optional.of(TOKEN));
    JsonNode job = PreheatJobs.awaitFinished(node, id, WAIT);

    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    HttpResponse<byte[]> download = node.get(node.download(file.url(), "&digest=" + digest));
    assertEquals(
        job.get("tasks").get(0).get("taskId").asText(),
        download.headers().firstValue("X-Darner-Task-Id").orElseThrow());
  }

  @Test
  void preheat_missingFile_jobFailsWithTheOriginsReason() throws Exception {
    String body = "{\"type\": \"file\", \"url\": \"" + origin.url("/absent") + "\"}";

    String id = PreheatJobs.start(node, body, Optional.of(TOKEN));
    JsonNode job = PreheatJobs.awaitFinished(node, id, WAIT);

    assertEquals("FAILED", job.get("state").asText());
    assertTrue(job.get("error").asText().contains("404"), job.get("error").asText());
    assertEquals("FAILED", job.get("tasks").get(0).get("zones").get(0).get("state").asText());
  }

  @Test
  void preheat_withoutToken_refusedUnauthorized() throws Exception {
    TestOrigin.Resource file = origin.serve("/guarded.bin", TestContent.random(1024, 23));

    HttpResponse<byte[]> answer = PreheatJobs.post(node, fileBody(file, ""), Optional.empty());

    assertEquals(401, answer.statusCode());
    assertEquals("unauthorized", JSON.readTree(answer.body()).get("error").asText());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\": \"torrent\", \"url\": \"http://x/\"} | type must be image or file",
        "{\"type\": \"file\"} | url is missing",
        "{\"type\": \"file\", \"url\": \"ftp://x/a\"} | http:// or https://",
        "{\"type\": \"file\", \"url\": \"http://x/a\", \"digest\": \"md5:1\"} | digest",
        "{\"type\": \"image\", \"ref\": \"Bad/Name\"} | malformed image reference",
        "{\"type\": \"image\", \"ref\": \"elsewhere.example.com/app:1\"} | not in darner.mirror",
        "{\"type\": \"image\", \"ref\": \"app\", \"platforms\": [\"linux\"]} | os/architecture",
        "{\"type\": \"image\", \"ref\": \"app\", \"url\": \"http://x/\"} | not url or digest",
        "{\"type\": \"file\", \"url\": \"http://x/\", \"colour\": 1} | unknown field",
        "{not json | not a preheat request"
      })
  void preheat_badRequest_400NamingTheProblem(String body, String expected) throws Exception {
    HttpResponse<byte[]> answer = PreheatJobs.post(node, body, Optional.of(TOKEN));

    assertEquals(400, answer.statusCode(), new String(answer.body()));
    JsonNode error = JSON.readTree(answer.body());
    String message = error.get("message").asText();
    assertTrue(message.contains(expected == null ? "" : expected.trim()), message);
  }

  @Test
  void preheatStatus_unknownJob_404AsJson() throws Exception {
    HttpResponse<byte[]> answer = node.get(node.api("/api/v1/preheat/0123456789abcdef"));

    assertEquals(404, answer.statusCode());
    assertEquals("not_found", JSON.readTree(answer.body()).get("error").asText());
  }

  @Test
  void cliPreheat_fileJson_waitsAndExitsOk() throws Exception {
    TestOrigin.Resource file = origin.serve("/cli.bin", TestContent.random(2L * MIB, 24));

    Run run = darner("preheat", file.url().toString(), "--json");

    assertEquals(ExitCodes.OK, run.exit(), run.err());
    JsonNode job = JSON.readTree(run.out());
    assertEquals("SUCCEEDED", job.get("state").asText());
    assertEquals(2L * MIB, job.get("bytesDone").asLong());
  }

  @Test
  void cliPreheat_missingFile_exitsFailedWithTheReason() {
    Run run = darner("preheat", origin.url("/cli-absent").toString());

    assertEquals(ExitCodes.FAILED, run.exit());
    assertTrue(run.err().contains("failed") && run.err().contains("404"), run.err());
  }

  @Test
  void cliPreheat_noWait_printsTheJobId() {
    TestOrigin.Resource file = origin.serve("/nowait.bin", TestContent.random(1024, 25));

    Run run = darner("preheat", file.url().toString(), "--no-wait");

    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertTrue(run.out().strip().matches("[0-9a-f]{16}"), run.out());
  }

  @Test
  void cliPreheat_badImageReference_exitsUsage() {
    Run run = darner("preheat", "Not/Valid");

    assertEquals(ExitCodes.USAGE, run.exit());
    assertTrue(run.err().contains("malformed image reference"), run.err());
  }

  private Run darner(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--node";
    all[args.length + 1] = "http://127.0.0.1:" + node.node().httpPort();
    all[args.length + 2] = "--token-file";
    all[args.length + 3] = tokenFile.toString();
    int exit = cli.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String fileBody(TestOrigin.Resource file, String digest) {
    return "{\"type\": \"file\", \"url\": \""
        + file.url()
        + "\""
        + (digest.isEmpty() ? "" : ", \"digest\": \"" + digest + "\"")
        + "}";
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:"
        + java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private record Run(int exit, String out, String err) {}
}
