package dev.darner.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.cluster.HostHeartbeat;
import dev.darner.task.Digest;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import dev.darner.task.TaskIds;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeedSelectorTest {

  private final SeedSelector selector = new SeedSelector(0.9);

  private static HostHeartbeat seed(double load) {
    return new HostHeartbeat(load, 4, 8, 1, 0, true, "", "");
  }

  private static Map<HostId, HostHeartbeat> seeds(int count) {
    Map<HostId, HostHeartbeat> hosts = new HashMap<>();
    for (int i = 0; i < count; i++) {
      hosts.put(HostId.of("seed-" + i, 65002), seed(0.1));
    }
    return hosts;
  }

  private static TaskId task(int i) throws Exception {
    byte[] sum =
        MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(4).putInt(i).array());
    return TaskIds.forDigest(Digest.sha256(sum));
  }

  @Test
  void choose_sameHostsInAnyOrder_sameSeed() throws Exception {
    Map<HostId, HostHeartbeat> hosts = seeds(5);

    for (int i = 0; i < 50; i++) {
      assertEquals(
          selector.choose(task(i), new TreeMap<>(hosts)),
          selector.choose(task(i), new LinkedHashMap<>(hosts)));
    }
  }

  @Test
  void choose_manyTasks_spreadEvenlyOverSeeds() throws Exception {
    Map<HostId, HostHeartbeat> hosts = seeds(5);
    Map<HostId, Integer> counts = new HashMap<>();

    for (int i = 0; i < 10_000; i++) {
      counts.merge(selector.choose(task(i), hosts).orElseThrow(), 1, Integer::sum);
    }

    assertEquals(5, counts.size());
    counts.values().forEach(n -> assertTrue(n > 1_800 && n < 2_200, "share " + n));
  }

  @Test
  void choose_seedLeaves_onlyItsTasksMove() throws Exception {
    Map<HostId, HostHeartbeat> hosts = seeds(5);
    HostId leaving = HostId.of("seed-3", 65002);
    Map<HostId, HostHeartbeat> fewer = new HashMap<>(hosts);
    fewer.remove(leaving);

    for (int i = 0; i < 2_000; i++) {
      HostId before = selector.choose(task(i), hosts).orElseThrow();
      HostId after = selector.choose(task(i), fewer).orElseThrow();
      assertTrue(before.equals(leaving) || before.equals(after));
    }
  }

  @Test
  void choose_loadedSeed_passedOverForUnloadedOne() throws Exception {
    Map<HostId, HostHeartbeat> hosts = seeds(2);
    TaskId task = task(1);
    HostId first = selector.choose(task, hosts).orElseThrow();
    hosts.put(first, seed(0.95));

    assertTrue(!selector.choose(task, hosts).orElseThrow().equals(first));
  }

  @Test
  void choose_everySeedLoaded_stillChoosesOne() throws Exception {
    Map<HostId, HostHeartbeat> hosts = seeds(2);
    hosts.replaceAll((host, beat) -> seed(1.0));

    assertTrue(selector.choose(task(1), hosts).isPresent());
  }

  @Test
  void choose_noSeedHost_empty() throws Exception {
    Map<HostId, HostHeartbeat> hosts =
        Map.of(HostId.of("peer", 1), new HostHeartbeat(0, 1, 1, 1, 0, false, "", ""));

    assertEquals(Optional.empty(), selector.choose(task(1), hosts));
  }
}
