package dev.darner.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program a test runs beside the node (a registry, containerd), its output in a log file, and
 * always stopped on close: politely, then by force after a bounded wait.
 */
public final class ChildProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command}, writing its output and errors to {@code log}. */
  public static ChildProcess start(List<String> command, Path log) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildProcess(process, log);
  }

  /**
   * Runs {@code command} to the end within {@code timeoutSeconds} and returns its output.
   *
   * @throws AssertionError with the output when it fails or takes too long
   */
  public static String run(List<String> command, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    if (!finished || process.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command)
              + (finished ? " exited with " + process.exitValue() : " timed out")
              + ":\n"
              + output);
    }
    return output;
  }

  /** Returns whether the program still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Returns what the program has written so far. */
  public String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
