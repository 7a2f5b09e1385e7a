package dev.darner.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A containerd of its own for one test (root, state and socket under a temporary directory, the CRI
 * plugin off), driven with {@code ctr}. It runs as root, as containerd must.
 */
public final class TestContainerd implements AutoCloseable {

  private final ChildProcess process;
  private final Path dir;
  private final Path socket;
  private final Path ctr;

  private TestContainerd(ChildProcess process, Path dir, Path socket, Path ctr) {
    this.process = process;
    this.dir = dir;
    this.socket = socket;
    this.ctr = ctr;
  }

  /** Starts a containerd whose files live under {@code dir}, and returns once it answers. */
  public static TestContainerd start(Path dir) throws Exception {
    Path containerd = RealClients.require("containerd");
    Path ctr = RealClients.require("ctr");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        RealClients.isRoot(),
        "containerd needs root; this test runs as " + System.getProperty("user.name"));
    Path socket = dir.resolve("containerd.sock");
    Path config = dir.resolve("containerd.toml");
    Files.writeString(
        config,
        "version = 2\n"
            + "root = \""
            + dir.resolve("root")
            + "\"\n"
            + "state = \""
            + dir.resolve("state")
            + "\"\n"
            + "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
            + "[grpc]\n  address = \""
            + socket
            + "\"\n"
            + "[ttrpc]\n  address = \""
            + dir.resolve("containerd-ttrpc.sock")
            + "\"\n");
    ChildProcess process =
        ChildProcess.start(
            List.of(containerd.toString(), "--config", config.toString()),
            dir.resolve("containerd.log"));
    TestContainerd started = new TestContainerd(process, dir, socket, ctr);
    Poll.until(
        "containerd answering on " + socket,
        Duration.ofSeconds(30),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("containerd exited:\n" + process.output());
          }
          return Files.exists(socket) && started.ctrSucceeds(List.of("version"));
        });
    return started;
  }

  /**
   * Pulls and unpacks {@code reference} through the registry hosts configured in {@code hostsDir},
   * with {@code user} ({@code name:password}) when not empty, and returns ctr's output.
   */
  public String pull(String reference, Path hostsDir, String user) throws Exception {
    return ctr(
        withUser(List.of("images", "pull", "--hosts-dir", hostsDir.toString()), user, reference));
  }

  /** Fetches every blob of {@code reference} into the content store, without unpacking. */
  public String fetch(String reference, Path hostsDir, String user) throws Exception {
    return ctr(
        withUser(List.of("content", "fetch", "--hosts-dir", hostsDir.toString()), user, reference));
  }

  /** Returns the digests of every blob in the content store, as {@code ctr content ls} says. */
  public List<String> contentDigests() throws Exception {
    List<String> digests = new ArrayList<>();
    for (String line : ctr(List.of("content", "ls", "--quiet")).lines().toList()) {
      if (line.startsWith("sha256:")) {
        digests.add(line.trim());
      }
    }
    return digests;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }

  private static List<String> withUser(List<String> command, String user, String reference) {
    List<String> all = new ArrayList<>(command);
    if (!user.isEmpty()) {
      all.add("--user");
      all.add(user);
    }
    all.add(reference);
    return all;
  }

  private String ctr(List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(ctr.toString(), "--address", socket.toString()));
    command.addAll(arguments);
    Path log = Files.createTempFile(dir, "ctr", ".log");
    return ChildProcess.run(command, log, 300);
  }

  private boolean ctrSucceeds(List<String> arguments) throws IOException, InterruptedException {
    try {
      ctr(arguments);
      return true;
    } catch (AssertionError notYet) {
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}
