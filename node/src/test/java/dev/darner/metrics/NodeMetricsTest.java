package dev.darner.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.api.manage.Traffic;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

  @Test
  void traffic_everySource_countedApart() {
    NodeMetrics metrics = NodeMetrics.bare();

    metrics.originBytes(100);
    metrics.peerBytes(20, true);
    metrics.peerBytes(3, false);
    metrics.localBytes(7);
    metrics.uploadedBytes(50);

    assertEquals(new Traffic(100, 20, 3, 7, 50), metrics.traffic());
    assertEquals(130, metrics.traffic().totalBytes());
  }

  @Test
  void pieceDownloaded_fromLocal_refused() {
    NodeMetrics metrics = NodeMetrics.bare();

    assertThrows(
        IllegalArgumentException.class,
        () -> metrics.pieceDownloaded(Duration.ofMillis(1), TrafficSource.LOCAL));
  }

  @Test
  void scrape_clusterMembersChange_staleRowsGone() {
    NodeMetrics metrics = NodeMetrics.bare();
    Map<NodeMetrics.AzStatus, Integer>[] now =
        new Map[] {Map.of(new NodeMetrics.AzStatus("az-a", "leaving"), 1)};
    metrics.bindClusterMembers(() -> now[0]);
    String before = metrics.scrape();

    now[0] = Map.of(new NodeMetrics.AzStatus("az-a", "up"), 2);
    String after = metrics.scrape();

    assertTrue(before.contains("darner_cluster_members{az=\"az-a\",status=\"leaving\"} 1"), before);
    assertTrue(after.contains("darner_cluster_members{az=\"az-a\",status=\"up\"} 2"), after);
    assertTrue(!after.contains("leaving"), after);
  }

  @Test
  void scrape_pieceTimer_histogramInSeconds() {
    NodeMetrics metrics = NodeMetrics.bare();

    metrics.pieceDownloaded(Duration.ofMillis(30), TrafficSource.PEER);
    String scrape = metrics.scrape();

    assertTrue(
        scrape.contains("darner_piece_download_seconds_bucket{source=\"peer\",le=\"0.1\"} 1"),
        scrape);
  }
}
