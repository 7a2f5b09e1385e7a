package dev.darner.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.darner.cluster.CoordinationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path directory;

  @Test
  void write_smallRun_csvRowPerHostSummaryAndChart() throws Exception {
    CoordinationSettings settings =
        CoordinationSettings.fromConfig(ConfigFactory.load().getConfig("darner.cluster"));
    SimulationResult result = new Simulation(Scenario.small(30, 3, 1L << 28), settings).run();

    Path summary = CsvReport.write(result, directory);
    CompletionChart.write(result, directory.resolve("completion.png"));

    List<String> hosts = Files.readAllLines(directory.resolve("hosts.csv"));
    assertEquals(31, hosts.size());
    List<String> lines = Files.readAllLines(summary);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("origin_bytes,") && lines.get(0).contains("wall_clock_s"));
    assertEquals(lines.get(0).split(",").length, lines.get(1).split(",").length);
    assertEquals(1000, ImageIO.read(directory.resolve("completion.png").toFile()).getWidth());
  }
}
