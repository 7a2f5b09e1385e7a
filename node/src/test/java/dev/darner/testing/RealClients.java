package dev.darner.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the real programs that the mirror tests drive (docker-registry, skopeo, containerd, ctr,
 * curl). A machine without them skips those tests; CI, which installs them, sets {@code
 * DARNER_REAL_CLIENTS=required} so that a missing program fails instead of hiding the tests.
 */
public final class RealClients {

  private static final List<String> DIRS = List.of("/usr/local/bin", "/usr/bin", "/usr/sbin");

  private RealClients() {}

  /**
   * Returns the path of {@code program}, skipping the test (or failing on CI) when it is absent.
   */
  public static Path require(String program) {
    for (String dir : DIRS) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String why = program + " is not installed (apt-get install it, as .ci/run does)";
    if ("required".equals(System.getenv("DARNER_REAL_CLIENTS"))) {
      throw new AssertionError(why);
    }
    assumeTrue(false, why);
    return null;
  }

  /** Returns whether this process runs as root, which containerd needs. */
  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
