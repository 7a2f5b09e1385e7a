package dev.darner.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with rate and time left, redrawn at most five times a second, for a
 * person at a terminal. Piped output gets none.
 */
final class ProgressBar {

  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream out;
  private long total;
  private final long startNanos = System.nanoTime();
  private long lastDraw;

  ProgressBar(PrintStream out, long total) {
    this.out = out;
    this.total = total;
  }

  /** Shows that {@code done} bytes have arrived, unless it was shown a moment ago. */
  void update(long done) {
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && done < total) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
    double rate = done / seconds;
    int filled = total > 0 ? (int) (WIDTH * done / total) : WIDTH;
    String eta = rate > 0 && total > done ? formatSeconds((total - done) / rate) : "0s";
    out.printf(
        Locale.ROOT,
        "\r[%s%s] %5.1f%% %s/s ETA %s   ",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        total > 0 ? 100.0 * done / total : 100.0,
        Sizes.human((long) rate),
        eta);
    out.flush();
  }

  /** Changes the total to {@code total}, for work whose size becomes known as it goes. */
  void total(long total) {
    this.total = total;
  }

  /** Ends the line of the bar. */
  void finish() {
    out.println();
  }

  private static String formatSeconds(double s) {
    long secs = (long) Math.ceil(s);
    return secs >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", secs / 3600, secs % 3600 / 60)
        : secs >= 60 ? String.format(Locale.ROOT, "%dm%02ds", secs / 60, secs % 60) : secs + "s";
  }
}
