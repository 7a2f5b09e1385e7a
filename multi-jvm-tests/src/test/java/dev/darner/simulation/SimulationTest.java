package dev.darner.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.darner.cluster.CoordinationSettings;
import org.junit.jupiter.api.Test;

class SimulationTest {

  private static final long GIB = 1L << 30;
  private static final CoordinationSettings SETTINGS =
      CoordinationSettings.fromConfig(ConfigFactory.load().getConfig("darner.cluster"));

  private static SimulationResult run(Scenario scenario) {
    return new Simulation(scenario, SETTINGS).run();
  }

  @Test
  void run_smallSwarm_everyHostCompletes() {
    SimulationResult result = run(Scenario.small(60, 3, GIB));

    assertEquals(0, result.incompleteLiveHosts());
    assertEquals(60, result.sortedCompletions().length);
  }

  @Test
  void run_originPolicy_eachAzFetchesTheContentOnceAndNothingCrossesAzs() {
    Scenario scenario = Scenario.small(60, 3, GIB);

    SimulationResult result = run(scenario);

    for (long bytes : result.originBytes()) {
      assertEquals(scenario.contentLength(), bytes);
    }
    assertEquals(0, result.crossZoneBytes());
    assertEquals(60 * scenario.contentLength(), result.peerBytes());
  }

  @Test
  void run_anyScenario_noHostBeatsItsLowerBound() {
    SimulationResult result = run(Scenario.small(45, 3, GIB));

    assertTrue(result.completionQuantile(0.5) >= result.bound().p50());
    assertTrue(result.completionQuantile(0.99) >= result.bound().p99());
    assertTrue(result.completionQuantile(1.0) >= result.bound().max());
  }

  @Test
  void run_piecesAnnouncedWithFailures_survivorsCompleteNoEarlierThanTheirBound() {
    Scenario scenario = Scenario.small(60, 3, GIB).withFaults(-1, 0.1).withAnnouncePieces(true);

    SimulationResult result = run(scenario);

    assertEquals(0, result.incompleteLiveHosts());
    assertTrue(result.completionQuantile(0.99) >= result.bound().p99());
    assertEquals(scenario.contentLength(), result.originBytes()[0]);
  }

  @Test
  void run_seedLostMidRun_anotherSeedTakesOverAndLiveHostsComplete() {
    Scenario scenario = Scenario.small(45, 3, 2 * GIB).withFaults(1.5, 0);

    SimulationResult result = run(scenario);

    assertEquals(0, result.incompleteLiveHosts());
    for (int zone = 0; zone < scenario.zones(); zone++) {
      assertTrue(result.backToSource().get(zone).size() >= 2, "sources " + result.backToSource());
      long origin = result.originBytes()[zone];
      assertTrue(origin >= scenario.contentLength() && origin < 2 * scenario.contentLength());
    }
  }

  @Test
  void run_randomHostFailures_survivorsComplete() {
    Scenario scenario = Scenario.small(60, 3, GIB).withFaults(-1, 0.2);

    SimulationResult result = run(scenario);

    assertTrue(result.diedCount() > 0);
    assertEquals(0, result.incompleteLiveHosts());
  }

  @Test
  void run_sameRandomSeed_sameCompletionTimes() {
    Scenario scenario = Scenario.small(45, 3, GIB).withFaults(-1, 0.1).withRandomSeed(42);

    SimulationResult first = run(scenario);
    SimulationResult second = run(scenario);

    assertArrayEquals(first.completedAt(), second.completedAt());
    assertArrayEquals(first.originBytes(), second.originBytes());
  }
}
