package dev.darner.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Runs curl as a real client would, keeping the status, headers and body of its answer. */
public final class Curl {

  private Curl() {}

  /**
   * Runs {@code curl OPTIONS URL} with files under {@code dir} and returns what came back; a
   * transfer cut short shows in the exit code rather than as an exception.
   */
  public static Result run(Path dir, URI url, String... options) throws Exception {
    Path curl = RealClients.require("curl");
    Path body = Files.createTempFile(dir, "curl", ".body");
    Path headers = Files.createTempFile(dir, "curl", ".headers");
    Path log = Files.createTempFile(dir, "curl", ".log");
    List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--max-time", "120"));
    command.addAll(List.of("-D", headers.toString(), "-o", body.toString()));
    command.addAll(List.of(options));
    command.add(url.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(150, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError("curl " + url + " did not finish");
    }
    return new Result(
        process.exitValue(),
        Files.readString(headers),
        Files.readAllBytes(body),
        Files.readString(log));
  }

  /**
   * What curl received: its exit code, the raw header blocks (one per answer, the last the final
   * one), the body and curl's own messages.
   */
  public record Result(int exitCode, String headers, byte[] body, String messages) {

    /** Returns the status of the final answer, or -1 when none came. */
    public int status() {
      String last = finalBlock();
      if (!last.startsWith("HTTP/")) {
        return -1;
      }
      return Integer.parseInt(last.split(" ")[1].trim());
    }

    /** Returns the value of header {@code name} of the final answer, or null. */
    public String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return finalBlock()
          .lines()
          .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(l -> l.substring(prefix.length()).trim())
          .findFirst()
          .orElse(null);
    }

    private String finalBlock() {
      String[] blocks = headers.trim().split("\r?\n\r?\n");
      return blocks[blocks.length - 1];
    }
  }
}
