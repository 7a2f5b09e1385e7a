package dev.darner.simulation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a run's completion times as a cumulative distribution beside the distribution of the
 * per-host lower bounds, with the p99 of each marked, into a PNG file. It uses java.awt alone and
 * works headless.
 */
final class CompletionChart {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 620;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 80;
  private static final int BOTTOM = 70;
  private static final Color MEASURED = new Color(0x1f77b4);
  private static final Color BOUND = new Color(0x888888);
  private static final Color P99 = new Color(0xd62728);

  private CompletionChart() {}

  /** Draws the chart of {@code r} into {@code file}. */
  static void write(SimulationResult r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      draw(g, r);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void draw(Graphics2D g, SimulationResult r) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    double[] done = r.sortedCompletions();
    double[] bounds = perHostBounds(r);
    double end = Math.max(done.length == 0 ? 1 : done[done.length - 1], r.bound().max()) * 1.05;
    double step = niceStep(end / 8);
    double xMax = Math.ceil(end / step) * step;
    axes(g, xMax, step);
    curve(
        g,
        bounds,
        xMax,
        BOUND,
        new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
    curve(g, done, xMax, MEASURED, new BasicStroke(2.5f));
    marker(g, r.completionQuantile(0.99), xMax, P99, "p99 " + fmt(r.completionQuantile(0.99)));
    marker(g, r.bound().p99(), xMax, BOUND, "bound p99 " + fmt(r.bound().p99()));
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title(r), LEFT, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(subtitle(r), LEFT, 48);
    legend(g);
  }

  private static double[] perHostBounds(SimulationResult r) {
    double[] bounds = LowerBound.perHost(r.scenario(), r.pieceSize(), r.joinedAt(), r.zoneOf());
    Arrays.sort(bounds);
    return bounds;
  }

  private static void axes(Graphics2D g, double xMax, double step) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double x = 0; x <= xMax + 1e-9; x += step) {
      int px = px(x, xMax);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
      g.setColor(Color.DARK_GRAY);
      g.drawString(fmt(x), px - 12, HEIGHT - BOTTOM + 18);
    }
    for (int q = 0; q <= 100; q += 20) {
      int py = py(q / 100.0);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(LEFT, py, WIDTH - RIGHT, py);
      g.setColor(Color.DARK_GRAY);
      g.drawString(q + " %", LEFT - 45, py + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    g.drawString("simulated seconds since the pull started", WIDTH / 2 - 120, HEIGHT - 25);
    g.drawString("hosts complete", 8, TOP - 8);
  }

  private static void curve(
      Graphics2D g, double[] sorted, double xMax, Color color, BasicStroke stroke) {
    if (sorted.length == 0) {
      return;
    }
    g.setColor(color);
    g.setStroke(stroke);
    int lastX = px(0, xMax);
    int lastY = py(0);
    int points = Math.min(sorted.length, 2000);
    for (int k = 1; k <= points; k++) {
      int i = (int) ((long) k * sorted.length / points) - 1;
      int x = px(sorted[i], xMax);
      int y = py((i + 1) / (double) sorted.length);
      g.drawLine(lastX, lastY, x, lastY);
      g.drawLine(x, lastY, x, y);
      lastX = x;
      lastY = y;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static void marker(Graphics2D g, double x, double xMax, Color color, String label) {
    if (Double.isNaN(x)) {
      return;
    }
    int px = px(x, xMax);
    g.setColor(color);
    g.setStroke(new BasicStroke(1.5f));
    g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
    g.setStroke(new BasicStroke(1f));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int y = color == P99 ? py(0.30) : py(0.20);
    g.drawString(label, px + 4, y);
  }

  private static void legend(Graphics2D g) {
    int x = LEFT + 16;
    int y = TOP + 22;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(MEASURED);
    g.fillRect(x, y - 9, 24, 4);
    g.setColor(Color.BLACK);
    g.drawString("simulated completion times", x + 32, y - 3);
    g.setColor(BOUND);
    g.fillRect(x, y + 11, 24, 4);
    g.setColor(Color.BLACK);
    g.drawString("ideal lower bound per host", x + 32, y + 17);
  }

  private static String title(SimulationResult r) {
    return String.format(
        Locale.ROOT,
        "%s: %,d hosts in %d AZs pulling %.0f GiB",
        r.scenario().name(),
        r.scenario().hosts(),
        r.scenario().zones(),
        r.scenario().contentLength() / (double) (1L << 30));
  }

  private static String subtitle(SimulationResult r) {
    double gib = 1L << 30;
    return String.format(
        Locale.ROOT,
        "p50 %.1f s, p99 %.1f s, max %.1f s; bound p99 %.1f s (p99 = %.2f x); origin %.1f GiB,"
            + " cross-AZ %.1f GiB; %d died, %d live incomplete",
        r.completionQuantile(0.5),
        r.completionQuantile(0.99),
        r.completionQuantile(1.0),
        r.bound().p99(),
        r.completionQuantile(0.99) / r.bound().p99(),
        r.totalOriginBytes() / gib,
        r.crossZoneBytes() / gib,
        r.diedCount(),
        r.incompleteLiveHosts());
  }

  private static int px(double x, double xMax) {
    return LEFT + (int) Math.round(x / xMax * (WIDTH - LEFT - RIGHT));
  }

  private static int py(double q) {
    return HEIGHT - BOTTOM - (int) Math.round(q * (HEIGHT - TOP - BOTTOM));
  }

  private static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String fmt(double seconds) {
    return seconds >= 100
        ? String.format(Locale.ROOT, "%.0f s", seconds)
        : String.format(Locale.ROOT, "%.1f s", seconds);
  }
}
