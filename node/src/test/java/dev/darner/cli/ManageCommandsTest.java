package dev.darner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.testing.TestContent;
import dev.darner.testing.TestNode;
import dev.darner.testing.TestOrigin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The management commands against real nodes: one on loopback holding a task, one listening beyond
 * loopback behind a token. Human and JSON output, and the exit code of each kind of failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManageCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIB = 1 << 20;
  private static final String TOKEN = "s3cret-token";

  private TestOrigin origin;
  private TestNode node;
  private TestNode guarded;
  private Path dir;
  private String taskId;
  private long size;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("darner-cli-test");
    origin = TestOrigin.start();
    node = TestNode.start(dir.resolve("open"), Map.of("pekko.cluster.jmx.enabled", "off"));
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    guarded =
        TestNode.start(
            dir.resolve("guarded"),
            Map.of(
                "darner.node.bind-host", "0.0.0.0",
                "darner.node.advertise-host", "127.0.0.1",
                "darner.api.token-file", tokenFile.toString(),
                "pekko.cluster.jmx.enabled", "off"));
    TestOrigin.Resource file = origin.serve("/file", TestContent.random(3 * MIB + 1, 7));
    HttpResponse<byte[]> response = node.get(node.download(file.url(), ""));
    taskId = response.headers().firstValue("X-Darner-Task-Id").orElseThrow();
    size = file.content().size();
  }

  @AfterAll
  void stop() throws Exception {
    guarded.close();
    node.close();
    origin.close();
  }

  @Test
  void tasksLs_human_tableWithShortIdAndState() {
    Run run = darner("tasks", "ls", "--node", url(node));

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("TASK"), run.out());
    assertTrue(run.out().contains(taskId.substring(0, 12) + "  3.0 MiB"), run.out());
    assertTrue(run.out().contains("complete"), run.out());
  }

  @Test
  void tasksLs_json_fullTaskIds() throws Exception {
    Run run = darner("tasks", "ls", "--json", "--node", url(node));

    JsonNode task = JSON.readTree(run.out()).get("tasks").get(0);
    assertEquals(0, run.exit(), run.err());
    assertEquals(taskId, task.get("task").asText());
    assertEquals(size, task.get("contentLength").asLong());
    assertTrue(task.get("complete").asBoolean());
  }

  @Test
  void tasksLsCluster_json_hostsByAz() throws Exception {
    // The cluster-wide view comes from the hosts' heartbeats: the first one that carries the task
    // may still be on its way when the test starts.
    Run run = darner("tasks", "ls", "--cluster", "--json", "--node", url(node));
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (run.exit() == 0
        && JSON.readTree(run.out()).get("hosts").isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      run = darner("tasks", "ls", "--cluster", "--json", "--node", url(node));
    }

    JsonNode host = JSON.readTree(run.out()).get("hosts").get(0);
    assertEquals(0, run.exit(), run.err());
    assertEquals("default", host.get("availabilityZone").asText());
    assertEquals(taskId, host.get("tasks").get(0).get("task").asText());
  }

  @Test
  void tasksShow_byPrefix_showsTheTask() {
    Run run = darner("tasks", "show", taskId.substring(0, 8), "--node", url(node));

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("Task:     " + taskId), run.out());
  }

  @Test
  void tasksShow_unknownId_exitsNotFound() {
    Run run = darner("tasks", "show", "0".repeat(64), "--node", url(node));

    assertEquals(ExitCodes.NOT_FOUND, run.exit());
    assertTrue(run.err().contains("holds no task"), run.err());
  }

  @Test
  void tasksShow_notHex_exitsUsage() {
    Run run = darner("tasks", "show", "xyz", "--node", url(node));

    assertEquals(ExitCodes.USAGE, run.exit());
  }

  @Test
  void tasksRm_thenShow_goneFromTheStore() throws Exception {
    TestOrigin.Resource other = origin.serve("/other", TestContent.random(MIB, 8));
    String otherId =
        node.get(node.download(other.url(), ""))
            .headers()
            .firstValue("X-Darner-Task-Id")
            .orElseThrow();

    Run removed = darner("tasks", "rm", otherId, "--node", url(node));
    Run shown = darner("tasks", "show", otherId, "--node", url(node));

    assertEquals(0, removed.exit(), removed.err());
    assertEquals("Removed " + otherId, removed.out().strip());
    assertEquals(ExitCodes.NOT_FOUND, shown.exit());
  }

  @Test
  void stat_json_originBytesOfTheDownload() throws Exception {
    Run run = darner("stat", "--json", "--node", url(node));

    JsonNode stat = JSON.readTree(run.out());
    assertEquals(0, run.exit(), run.err());
    assertTrue(stat.get("traffic").get("originBytes").asLong() >= size, run.out());
    assertEquals("default", stat.get("availabilityZone").asText());
  }

  @Test
  void stat_human_sharesAndTotal() {
    Run run = darner("stat", "--node", url(node));

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("origin"), run.out());
    assertTrue(run.out().contains("100.0 %"), run.out());
  }

  @Test
  void clusterMembers_human_oneUpMember() {
    Run run = darner("cluster", "members", "--node", url(node));

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().lines().skip(1).allMatch(l -> l.contains(" default ")), run.out());
    assertTrue(run.out().contains(" up "), run.out());
  }

  @Test
  void clusterSchedulers_json_oneAz() throws Exception {
    Run run = darner("cluster", "schedulers", "--json", "--node", url(node));

    JsonNode schedulers = JSON.readTree(run.out());
    assertEquals(0, run.exit(), run.err());
    assertEquals("default", schedulers.get(0).get("availabilityZone").asText());
  }

  @Test
  void clusterLeave_unknownMember_exitsNotFound() {
    Run run = darner("cluster", "leave", "127.0.0.1:1", "--node", url(node));

    assertEquals(ExitCodes.NOT_FOUND, run.exit());
    assertTrue(run.err().contains("no cluster member"), run.err());
  }

  @Test
  void clusterLeave_guardedNodeWithoutToken_exitsDenied() {
    Run run = darner("cluster", "leave", "127.0.0.1:1", "--node", url(guarded));

    assertEquals(ExitCodes.DENIED, run.exit());
    assertTrue(run.err().contains("Bearer"), run.err());
  }

  @Test
  void clusterDown_guardedNodeWrongToken_exitsDenied() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong"), "guess");

    Run run =
        darner(
            "cluster",
            "down",
            "127.0.0.1:1",
            "--token-file",
            wrong.toString(),
            "--node",
            url(guarded));

    assertEquals(ExitCodes.DENIED, run.exit());
  }

  @Test
  void clusterLeave_guardedNodeRightToken_passesTheGuard() {
    Run run =
        darner(
            "cluster",
            "leave",
            "127.0.0.1:1",
            "--token-file",
            dir.resolve("token").toString(),
            "--node",
            url(guarded));

    assertEquals(ExitCodes.NOT_FOUND, run.exit(), run.err());
  }

  @Test
  void tasksLs_guardedNodeWithoutToken_readsFreely() {
    Run run = darner("tasks", "ls", "--node", url(guarded));

    assertEquals(0, run.exit(), run.err());
  }

  @Test
  void anyCommand_noNodeListening_exitsUnreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Run run = darner("stat", "--node", "http://127.0.0.1:" + port);

    assertEquals(ExitCodes.NODE_UNREACHABLE, run.exit());
    assertTrue(run.err().contains("no Darner node answers"), run.err());
  }

  @Test
  void generateCompletion_bash_coversTheManagementCommands() {
    Run run = darner("generate-completion");

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("cluster") && run.out().contains("schedulers"), run.out());
    assertTrue(run.out().contains("--token-file"));
  }

  private static String url(TestNode node) {
    return "http://127.0.0.1:" + node.node().httpPort();
  }

  private static Run darner(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(new ArrayList<>(List.of(args)).toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
