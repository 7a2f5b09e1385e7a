package dev.darner.api.preheat;

import java.util.Locale;
import java.util.Objects;

/**
 * A platform an image is built for, written {@code os/architecture[/variant]} as in {@code
 * linux/arm64/v8}. A wanted platform without a variant matches every variant of its architecture.
 *
 * @param os the operating system, such as {@code linux}
 * @param architecture the CPU architecture, such as {@code amd64}
 * @param variant the CPU variant, such as {@code v8}; empty for none
 */
public record Platform(String os, String architecture, String variant) {

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
  }

  /**
   * Returns the platform written as {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is not {@code os/arch[/variant]}
   */
  public static Platform parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().toLowerCase(Locale.ROOT).split("/");
    if (parts.length < 2 || parts.length > 3 || anyBlank(parts)) {
      throw new IllegalArgumentException(
          "platform must look like os/architecture[/variant], such as linux/amd64: " + text);
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /** Returns whether an image for {@code offered} serves a host that wants this platform. */
  public boolean matches(Platform offered) {
    return os.equals(offered.os)
        && architecture.equals(offered.architecture)
        && (variant.isEmpty() || variant.equals(offered.variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }

  private static boolean anyBlank(String[] parts) {
    for (String part : parts) {
      if (part.isBlank()) {
        return true;
      }
    }
    return false;
  }
}
