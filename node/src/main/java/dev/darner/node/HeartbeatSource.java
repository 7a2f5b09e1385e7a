package dev.darner.node;

import dev.darner.cluster.HostHeartbeat;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * What this host tells its AZ's scheduler at every heartbeat: its load, its upload capacity, and
 * its labels. It is called on a Pekko thread, so it only reads values that are cheap to read.
 */
final class HeartbeatSource {

  private final NodeSettings settings;
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

  HeartbeatSource(NodeSettings settings) {
    this.settings = settings;
  }

  /** Returns the heartbeat of this moment. */
  HostHeartbeat heartbeat() {
    double loadAverage = os.getSystemLoadAverage();
    double load = loadAverage < 0 ? 0 : Math.min(1.0, loadAverage / os.getAvailableProcessors());
    return new HostHeartbeat(
        load,
        settings.uploadSlots(),
        settings.uploadSlots(),
        1.0,
        0,
        settings.seed(),
        settings.idc(),
        settings.location());
  }
}
