package dev.darner.cli;

import dev.darner.node.DataDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a node in the background when {@code darner get} finds none, as {@code dfget} does: the
 * same Java and class path as this process, detached into its own session so it outlives the
 * command, its output in {@code node.log} of the data directory.
 */
final class LocalNodeLauncher {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private LocalNodeLauncher() {}

  /**
   * Starts a node with default settings and returns once {@code client} finds it alive.
   *
   * @throws IOException when it could not be started or did not come up in time
   */
  static void startAndWait(NodeClient client) throws IOException, InterruptedException {
    Path dataDir = DataDirs.resolve("");
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("node.log");
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("node");
    command.add("--http-port");
    command.add(String.valueOf(client.base().getPort()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (client.isAlive()) {
        return;
      }
      if (!process.isAlive() && !command.get(0).endsWith("setsid")) {
        break;
      }
      Thread.sleep(200);
    }
    throw new IOException("no node came up at " + client.base() + "; see " + log);
  }

  private static List<String> jvmOptions() {
    String options = System.getenv("DARNER_NODE_JAVA_OPTS");
    List<String> result = new ArrayList<>();
    if (options != null && !options.isBlank()) {
      result.addAll(List.of(options.trim().split("\\s+")));
    } else {
      result.add("-Xmx256m");
      result.add("-XX:MaxDirectMemorySize=128m");
      // G1 on a heap this small treats every 1 MiB chunk as a humongous object; measured, it
      // made each piece's writes three to five times slower than the parallel collector.
      result.add("-XX:+UseParallelGC");
    }
    return result;
  }
}
