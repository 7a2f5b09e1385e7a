package dev.darner.cli;

import java.util.Locale;

/** Writes byte counts the way people read them. */
final class Sizes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  /** Returns {@code bytes} in the largest binary unit that keeps the number at least 1. */
  static String human(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
