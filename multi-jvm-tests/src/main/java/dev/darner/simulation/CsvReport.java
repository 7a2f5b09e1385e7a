package dev.darner.simulation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a run's figures as two CSV files: {@code hosts.csv}, one row per pulling host, and {@code
 * summary.csv}, one row for the run. Times are simulated seconds from the start of the run.
 */
final class CsvReport {

  private CsvReport() {}

  /** Writes both files into {@code directory}, which must exist, and returns the summary's path. */
  static Path write(SimulationResult r, Path directory) throws IOException {
    try (Writer out =
        Files.newBufferedWriter(directory.resolve("hosts.csv"), StandardCharsets.UTF_8)) {
      out.write("host,az,joined_s,completed_s,duration_s,died\n");
      for (int i = 0; i < r.completedAt().length; i++) {
        double done = r.completedAt()[i];
        out.write(
            String.format(
                Locale.ROOT,
                "%s,%s,%.4f,%s,%s,%b%n",
                r.hostNames().get(i),
                r.zoneNames().get(r.zoneOf()[i]),
                r.joinedAt()[i],
                Double.isNaN(done) ? "" : String.format(Locale.ROOT, "%.4f", done),
                Double.isNaN(done)
                    ? ""
                    : String.format(Locale.ROOT, "%.4f", done - r.joinedAt()[i]),
                r.died()[i]));
      }
    }
    Path summary = directory.resolve("summary.csv");
    try (Writer out = Files.newBufferedWriter(summary, StandardCharsets.UTF_8)) {
      out.write(header());
      out.write(row(r));
    }
    return summary;
  }

  /** Returns the header line of {@code summary.csv}. */
  static String header() {
    return "scenario,hosts,azs,content_bytes,piece_bytes,pieces,completed,died,incomplete,"
        + "origin_bytes,origin_bytes_per_az,cross_az_bytes,peer_bytes,p50_s,p99_s,max_s,"
        + "lower_bound_p50_s,lower_bound_p99_s,lower_bound_max_s,p99_over_bound,"
        + "simulated_s,wall_clock_s,piece_transfers,polls,piece_reports,random_seed\n";
  }

  /** Returns the summary line of {@code r}. */
  static String row(SimulationResult r) {
    Scenario s = r.scenario();
    StringBuilder perZone = new StringBuilder();
    for (long bytes : r.originBytes()) {
      perZone.append(perZone.length() == 0 ? "" : ";").append(bytes);
    }
    double p99 = r.completionQuantile(0.99);
    return String.format(
        Locale.ROOT,
        "%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%d,%d,"
            + "%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.1f,%d,%d,%d,%d%n",
        s.name(),
        s.hosts(),
        s.zones(),
        s.contentLength(),
        r.pieceSize(),
        r.pieceCount(),
        r.sortedCompletions().length,
        r.diedCount(),
        r.incompleteLiveHosts(),
        r.totalOriginBytes(),
        perZone,
        r.crossZoneBytes(),
        r.peerBytes(),
        r.completionQuantile(0.50),
        p99,
        r.completionQuantile(1.0),
        r.bound().p50(),
        r.bound().p99(),
        r.bound().max(),
        p99 / r.bound().p99(),
        r.simulatedSeconds(),
        r.wallSeconds(),
        r.pieceTransfers(),
        r.polls(),
        r.reports(),
        s.randomSeed());
  }
}
