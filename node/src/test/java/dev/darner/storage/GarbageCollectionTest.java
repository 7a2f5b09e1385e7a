package dev.darner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection with a quota of 10,000 bytes, watermarks 0.8 and 0.5 and a TTL of 1 h. */
class GarbageCollectionTest {

  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @TempDir Path root;

  private StoreFixture fixture;
  private PieceStore store;

  @BeforeEach
  void openStore() throws IOException {
    fixture = new StoreFixture(root);
    store = fixture.open(10_000);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void collectGarbage_taskUnusedLongerThanTtl_isEvicted() throws IOException {
    StoredTask old = created("old", 1000);
    fixture.clock.advance(Duration.ofMinutes(30));
    StoredTask recent = created("recent", 1000);

    GcReport report = store.collectGarbage(fixture.clock.instant().plus(Duration.ofMinutes(31)));

    assertEquals(List.of(old.metadata().id()), report.evicted());
    assertEquals(1000, report.freedBytes());
    assertEquals(List.of(recent), store.tasks());
    assertEquals(1000, store.usedBytes());
    assertFalse(Files.exists(old.dataFile().getParent()));
  }

  @Test
  void collectGarbage_leasedTaskPastTtl_isKept() throws IOException {
    StoredTask leased = created("leased", 1000);
    Lease lease = leased.acquire();

    GcReport report = store.collectGarbage(fixture.clock.instant().plus(Duration.ofDays(1)));

    assertTrue(report.evicted().isEmpty());
    assertEquals(List.of(leased), store.tasks());
    lease.close();
  }

  @Test
  void collectGarbage_taskWithPieceBeingWritten_isKept() throws IOException {
    StoredTask writing = created("writing", 1000);

    try (PieceWriter writer = writing.beginPiece(0)) {
      GcReport report = store.collectGarbage(fixture.clock.instant().plus(Duration.ofDays(1)));

      assertTrue(report.evicted().isEmpty());
    }
  }

  @Test
  void collectGarbage_leaseReleased_countsAsUse() throws IOException {
    StoredTask task = created("task", 1000);
    Lease lease = task.acquire();
    fixture.clock.advance(Duration.ofHours(2));
    lease.close();

    GcReport report = store.collectGarbage(fixture.clock.instant().plus(Duration.ofMinutes(59)));

    assertTrue(report.evicted().isEmpty());
    assertEquals(fixture.clock.instant(), task.lastUsed());
  }

  @Test
  void collectGarbage_aboveHighWatermark_evictsLeastRecentlyUsedDownToLowWatermark()
      throws IOException {
    StoredTask a = created("a", 3000);
    StoredTask b = created("b", 3000);
    StoredTask c = created("c", 2500);
    fixture.clock.advance(Duration.ofMinutes(1));
    a.acquire().close();

    GcReport report = store.collectGarbage(fixture.clock.instant());

    assertEquals(List.of(b.metadata().id(), c.metadata().id()), report.evicted());
    assertEquals(5500, report.freedBytes());
    assertEquals(3000, store.usedBytes());
    assertEquals(List.of(a), store.tasks());
  }

  @Test
  void collectGarbage_atHighWatermark_evictsNothing() throws IOException {
    created("a", 4000);
    created("b", 4000);

    GcReport report = store.collectGarbage(fixture.clock.instant());

    assertTrue(report.evicted().isEmpty());
    assertEquals(8000, store.usedBytes());
  }

  @Test
  void collectGarbage_aboveHighWatermark_skipsLeasedTasks() throws IOException {
    StoredTask oldest = created("oldest", 4000);
    StoredTask middle = created("middle", 3000);
    StoredTask newest = created("newest", 2000);
    Lease lease = oldest.acquire();
    newest.acquire().close();

    GcReport report = store.collectGarbage(fixture.clock.instant());

    assertEquals(List.of(middle.metadata().id(), newest.metadata().id()), report.evicted());
    assertEquals(List.of(oldest), store.tasks());
    lease.close();
  }

  @Test
  void createOrResume_overQuota_evictsLeastRecentlyUsedToMakeRoom() throws IOException {
    StoredTask a = created("a", 4000);
    StoredTask b = created("b", 3000);
    a.acquire().close();

    StoredTask c = store.createOrResume(fixture.task("c", 4000));

    assertTrue(store.find(b.metadata().id()).isEmpty());
    assertEquals(8000, store.usedBytes());
    assertEquals(2, store.tasks().size());
    assertTrue(store.tasks().contains(a));
    assertTrue(store.tasks().contains(c));
  }

  @Test
  void createOrResume_largerThanQuota_failsAndEvictsNothingItCannotUse() throws IOException {
    created("a", 1000);

    assertThrows(StorageFullException.class, () -> created("huge", 10_001));

    assertEquals(1000, store.usedBytes());
  }

  @Test
  void acquire_evictedTask_isRefused() throws IOException {
    StoredTask task = created("task", 1000);
    store.collectGarbage(fixture.clock.instant().plus(Duration.ofDays(1)));

    IllegalStateException refused = assertThrows(IllegalStateException.class, task::acquire);

    assertTrue(refused.getMessage().contains("removed"), refused.getMessage());
  }

  @Test
  void collectGarbage_afterRestart_remembersLastUse() throws IOException {
    StoredTask task = created("task", 1000);
    fixture.clock.advance(Duration.ofMinutes(50));
    task.acquire().close();
    store.collectGarbage(fixture.clock.instant());

    PieceStore restarted = fixture.open(10_000);
    GcReport report =
        restarted.collectGarbage(fixture.clock.instant().plus(Duration.ofMinutes(30)));

    assertTrue(report.evicted().isEmpty());
    assertEquals(fixture.clock.instant(), restarted.tasks().get(0).lastUsed());
    restarted.close();
  }

  private StoredTask created(String name, long length) throws IOException {
    StoredTask task = store.createOrResume(fixture.task(name, length));
    fixture.clock.advance(Duration.ofSeconds(1));
    return task;
  }
}
