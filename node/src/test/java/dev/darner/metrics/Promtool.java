package dev.darner.metrics;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's {@code promtool check metrics} on a scrape. Debian's {@code prometheus} package
 * provides it and {@code .ci/run} installs it; in CI ({@code CI=true}) a missing promtool fails the
 * test, elsewhere the test is skipped, so a developer without it can still run the build.
 */
final class Promtool {

  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private Promtool() {}

  /** Returns promtool's verdict on {@code scrape}: its exit code and everything it printed. */
  static Verdict check(String scrape) throws IOException, InterruptedException {
    if (!Files.isExecutable(PROMTOOL)) {
      if ("true".equals(System.getenv("CI"))) {
        fail(PROMTOOL + " is missing; CI must install Debian's prometheus package (.ci/run)");
      }
      assumeTrue(false, PROMTOOL + " is missing; apt-get install prometheus to run this test");
    }
    Process process =
        new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("promtool did not finish within 30 s");
    }
    return new Verdict(process.exitValue(), output);
  }

  /** What promtool said: exit code 0 and no output when the metrics are clean. */
  record Verdict(int exitCode, String output) {}
}
