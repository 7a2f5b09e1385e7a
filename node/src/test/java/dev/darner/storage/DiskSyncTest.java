package dev.darner.storage;

import static dev.darner.storage.StoreFixture.content;
import static dev.darner.storage.StoreFixture.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSyncTest {

  @TempDir Path root;

  @Test
  void commit_reachingSyncInterval_forcesDataThenJournal() throws Exception {
    StoreFixture fixture = new StoreFixture(root);
    try (PieceStore store = fixture.openSyncingEvery(2048)) {
      StoredTask task = store.createOrResume(fixture.task("a", 4096));
      byte[] content = content(4096, 1);
      fixture.channels.forced().clear();

      store(task, content, 0);
      store(task, content, 1);

      assertEquals("data", fixture.channels.forced().poll(10, TimeUnit.SECONDS));
      assertEquals("pieces.log", fixture.channels.forced().poll(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void commit_belowSyncInterval_forcesNothing() throws IOException {
    StoreFixture fixture = new StoreFixture(root);
    PieceStore store = fixture.openSyncingEvery(4096);
    StoredTask task = store.createOrResume(fixture.task("a", 4096));
    fixture.channels.forced().clear();

    store(task, content(4096, 1), 0);
    store.close();

    assertNull(fixture.channels.forced().peek());
  }
}
