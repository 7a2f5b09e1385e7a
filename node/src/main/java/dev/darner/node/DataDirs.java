package dev.darner.node;

import java.nio.file.Path;

/** Finds the node's data directory when the configuration leaves it empty. */
public final class DataDirs {

  private DataDirs() {}

  /**
   * Returns {@code configured} as a path, or when it is empty, {@code $XDG_DATA_HOME/darner} or
   * {@code ~/.local/share/darner}.
   */
  public static Path resolve(String configured) {
    if (!configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("darner").toAbsolutePath();
  }
}
