package dev.darner.simulation;

import com.typesafe.config.ConfigFactory;
import dev.darner.cluster.CoordinationSettings;
import dev.darner.schedule.CrossAzPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one simulation scenario and writes {@code hosts.csv}, {@code summary.csv} and {@code
 * completion.png} into an output directory; {@code docs/simulation.md} shows how.
 */
@Command(
    name = "darner-simulation",
    mixinStandardHelpOptions = true,
    description = "Simulates many hosts pulling one task through the real scheduling rules.")
public final class SimulationMain implements Callable<Integer> {

  @Parameters(index = "0", description = "scenario: image-20g-10k, models-100g-1k or seeds-lost")
  private String scenario;

  @Parameters(index = "1", description = "directory for the CSV files and the chart")
  private Path output;

  @Option(names = "--seed", description = "random seed of the run (default: the scenario's)")
  private Long seed;

  @Option(names = "--hosts", description = "pulling hosts, overriding the scenario's")
  private Integer hosts;

  @Option(
      names = "--origin-gbit",
      description = "origin bandwidth towards each AZ in Gbit/s, overriding the scenario's")
  private Double originGbit;

  @Option(names = "--policy", description = "cross-AZ policy: origin or peer")
  private String policy;

  @Option(
      names = "--announce",
      description = "parents announce each new piece to their children (the node does not yet)")
  private boolean announce;

  /** Runs the command line {@code args}; exits 0 on success, 2 on bad input. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulationMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Scenario chosen = Scenario.named(scenario);
    if (seed != null) {
      chosen = chosen.withRandomSeed(seed);
    }
    if (hosts != null) {
      chosen = chosen.withHosts(hosts);
    }
    if (originGbit != null) {
      chosen = chosen.withOriginPerZone((long) (originGbit * 125_000_000L));
    }
    if (policy != null) {
      chosen = chosen.withPolicy(CrossAzPolicy.parse(policy));
    }
    if (announce) {
      chosen = chosen.withAnnouncePieces(true);
    }
    CoordinationSettings settings =
        CoordinationSettings.fromConfig(ConfigFactory.load().getConfig("darner.cluster"));
    SimulationResult result = new Simulation(chosen, settings).run();
    Files.createDirectories(output);
    CsvReport.write(result, output);
    CompletionChart.write(result, output.resolve("completion.png"));
    System.out.print(describe(result));
    return 0;
  }

  private static String describe(SimulationResult r) {
    double gib = 1L << 30;
    return String.format(
        Locale.ROOT,
        "%s: %d hosts in %d AZs, %.1f GiB in %d pieces of %d MiB%n"
            + "  completed %d, died %d, live but incomplete %d%n"
            + "  origin %.1f GiB (%.2f x content per AZ), cross-AZ %.1f GiB,"
            + " between peers %.1f GiB%n"
            + "  completion p50 %.1f s, p99 %.1f s, max %.1f s%n"
            + "  lower bound p50 %.1f s, p99 %.1f s, max %.1f s; p99 is %.2f x its bound%n"
            + "  coordinator per AZ: %.0f polls and %.0f piece reports per simulated second%n"
            + "  simulated %.1f s in %.1f s of wall-clock time%n",
        r.scenario().name(),
        r.scenario().hosts(),
        r.scenario().zones(),
        r.scenario().contentLength() / gib,
        r.pieceCount(),
        r.pieceSize() >> 20,
        r.sortedCompletions().length,
        r.diedCount(),
        r.incompleteLiveHosts(),
        r.totalOriginBytes() / gib,
        (double) r.totalOriginBytes() / r.scenario().contentLength() / r.scenario().zones(),
        r.crossZoneBytes() / gib,
        r.peerBytes() / gib,
        r.completionQuantile(0.5),
        r.completionQuantile(0.99),
        r.completionQuantile(1.0),
        r.bound().p50(),
        r.bound().p99(),
        r.bound().max(),
        r.completionQuantile(0.99) / r.bound().p99(),
        r.polls() / r.simulatedSeconds() / r.scenario().zones(),
        r.reports() / r.simulatedSeconds() / r.scenario().zones(),
        r.simulatedSeconds(),
        r.wallSeconds());
  }
}
