package dev.darner.storage;

import dev.darner.task.TaskId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The piece store of one node: every task it holds on disk, under {@code <root>/tasks/}, and the
 * quota they share.
 *
 * <p>Each task reserves its whole content length against the quota when it is created, so a
 * download that was admitted never runs out of quota half-way. Garbage collection evicts tasks
 * unused for longer than the TTL and, above the high watermark, the least recently used until the
 * usage is below the low watermark; a task in use (leased, or with a piece being written) is never
 * evicted. Disk space can still run out, since data files are sparse and other programs share the
 * disk: a piece write then fails with {@link StorageFullException} and the piece stays absent.
 *
 * <p>Safe for use from many threads. One store per directory: two processes, or two stores in one
 * process, must not use the same root at once, since nothing locks it.
 */
public final class PieceStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PieceStore.class);

  private final StoreSettings settings;
  private final StoreContext context;
  private final Map<TaskId, StoredTask> tasks = new HashMap<>();
  private long usedBytes;
  private boolean closed;

  private PieceStore(StoreSettings settings, StoreContext context) {
    this.settings = settings;
    this.context = context;
  }

  /**
   * Opens the store under {@code settings.root()}, creating the directory when needed, and loads
   * the metadata and journal of every task, repairing what a crash left behind: directories of
   * tasks whose creation or deletion was cut short are deleted, and torn journal records ignored.
   *
   * @throws IOException when the root cannot be created or listed
   */
  public static PieceStore open(StoreSettings settings) throws IOException {
    return open(settings, StoreContext.standard());
  }

  static PieceStore open(StoreSettings settings, Clock clock, FileChannels channels)
      throws IOException {
    return open(settings, StoreContext.of(channels, clock));
  }

  static PieceStore open(StoreSettings settings, StoreContext context) throws IOException {
    PieceStore store = new PieceStore(settings, context);
    store.loadTasks();
    return store;
  }

  /** Returns the task {@code id} when the store holds it. */
  public synchronized Optional<StoredTask> find(TaskId id) {
    return Optional.ofNullable(tasks.get(id));
  }

  /**
   * Returns the task described by {@code metadata}, creating it when needed.
   *
   * <p>A task with the same id and the same layout is resumed with the pieces it has; when the
   * store was opened since that task was last written, its journalled pieces are first checked
   * against the data file, which reads them all once. A task with the same id but another layout
   * (the content changed at the origin) is reset to empty. A new task reserves its content length
   * against the quota, after garbage collection when it would not fit otherwise.
   *
   * @throws StorageFullException when the task does not fit the quota even after collection, or the
   *     disk is full; nothing is created then
   * @throws IllegalStateException when the task must be reset but is in use
   * @throws UncheckedIOException when its files cannot be created or read for another reason
   */
  public StoredTask createOrResume(TaskMetadata metadata) throws StorageFullException {
    Objects.requireNonNull(metadata, "metadata");
    StoredTask task = createOrFind(metadata);
    try {
      task.verifyOnResume();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot verify the pieces of task " + metadata.id().shortForm(), e);
    }
    return task;
  }

  /** Returns every task the store holds, in no particular order. */
  public synchronized List<StoredTask> tasks() {
    return List.copyOf(tasks.values());
  }

  /**
   * Removes task {@code id} and deletes its files, unless it is in use.
   *
   * @return whether the task was removed; false when it is absent or in use
   */
  public synchronized boolean remove(TaskId id) {
    StoredTask task = tasks.get(id);
    if (task == null || !task.tryRetire()) {
      return false;
    }
    drop(task);
    return true;
  }

  /** Returns the bytes all tasks together reserve. */
  public synchronized long usedBytes() {
    return usedBytes;
  }

  /** Returns the settings the store was opened with. */
  public StoreSettings settings() {
    return settings;
  }

  /**
   * Evicts every task not in use whose last use is older than the TTL at {@code now}; then, when
   * the usage is above the high watermark, tasks not in use, least recently used first, until it is
   * at or below the low watermark. Also persists each task's last-use time, so that the TTL
   * outlives a restart.
   */
  public synchronized GcReport collectGarbage(Instant now) {
    GcReport report = evictExpired(now);
    if (usedBytes > settings.highWatermarkBytes()) {
      report = report.plus(evictLeastRecentlyUsed(usedBytes - settings.lowWatermarkBytes()));
    }
    persistLastUse();
    return report;
  }

  /** Persists each task's last-use time and closes every task's files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Pending syncs finish before the files they force are closed.
    context.syncer().close();
    persistLastUse();
    for (StoredTask task : tasks.values()) {
      try {
        task.closeFiles();
      } catch (IOException e) {
        log.warn("Could not close the files of task [{}]", task.id().shortForm(), e);
      }
    }
  }

  private synchronized StoredTask createOrFind(TaskMetadata metadata) throws StorageFullException {
    if (closed) {
      throw new IllegalStateException("piece store is closed");
    }
    TaskId id = metadata.id();
    StoredTask existing = tasks.get(id);
    if (existing != null) {
      if (existing.metadata().layout().equals(metadata.layout())) {
        existing.touch();
        return existing;
      }
      reset(existing, metadata);
    }
    makeRoom(metadata);
    TaskFiles files = TaskFiles.of(settings.root(), id);
    StoredTask created;
    try {
      created = TaskLoader.create(files, context, metadata);
    } catch (IOException e) {
      deleteQuietly(files);
      IOException translated = StorageFullException.translate(id, -1, files.dir(), e);
      if (translated instanceof StorageFullException full) {
        throw full;
      }
      throw new UncheckedIOException("cannot create task " + id.shortForm(), e);
    }
    tasks.put(id, created);
    usedBytes += created.reservedBytes();
    return created;
  }

  private void reset(StoredTask existing, TaskMetadata metadata) {
    if (!existing.tryRetire()) {
      throw new IllegalStateException(
          "task "
              + metadata.id().shortForm()
              + " changed at the origin (from "
              + existing.metadata().layout()
              + " to "
              + metadata.layout()
              + ") but cannot be reset while it is in use");
    }
    log.info("Resetting task [{}]: its content changed at the origin", metadata.id().shortForm());
    drop(existing);
  }

  /**
   * Evicts tasks until {@code metadata}'s content fits the quota, or fails naming the shortfall.
   * When even evicting every task not in use would not make room, it fails at once: emptying the
   * store for a task that cannot be stored anyway would only cost the other tasks.
   */
  private void makeRoom(TaskMetadata metadata) throws StorageFullException {
    long needed = metadata.layout().contentLength();
    if (usedBytes + needed <= settings.quotaBytes()) {
      return;
    }
    long inUseBytes = 0;
    int inUse = 0;
    for (StoredTask task : tasks.values()) {
      if (task.isInUse()) {
        inUseBytes += task.reservedBytes();
        inUse++;
      }
    }
    if (inUseBytes + needed <= settings.quotaBytes()) {
      collectGarbage(context.clock().instant());
      if (usedBytes + needed > settings.quotaBytes()) {
        evictLeastRecentlyUsed(usedBytes + needed - settings.quotaBytes());
      }
    }
    if (usedBytes + needed > settings.quotaBytes()) {
      throw StorageFullException.quotaExceeded(
          metadata.id(), needed, settings.quotaBytes(), usedBytes, tasks.size(), inUse);
    }
  }

  private GcReport evictExpired(Instant now) {
    return evict(EvictionPlanner.expired(candidates(), now, settings.unusedTtl()));
  }

  private GcReport evictLeastRecentlyUsed(long bytesToFree) {
    return evict(EvictionPlanner.leastRecentlyUsed(candidates(), bytesToFree));
  }

  private List<EvictionPlanner.Candidate> candidates() {
    List<EvictionPlanner.Candidate> candidates = new ArrayList<>(tasks.size());
    for (StoredTask task : tasks.values()) {
      candidates.add(
          new EvictionPlanner.Candidate(
              task.id(), task.reservedBytes(), task.lastUsed(), task.isInUse()));
    }
    return candidates;
  }

  private GcReport evict(List<EvictionPlanner.Candidate> chosen) {
    List<TaskId> evicted = new ArrayList<>();
    long freed = 0;
    for (EvictionPlanner.Candidate candidate : chosen) {
      StoredTask task = tasks.get(candidate.id());
      // A task leased since the plan was made is skipped: being in use wins over any policy.
      if (task != null && task.tryRetire()) {
        drop(task);
        evicted.add(task.id());
        freed += task.reservedBytes();
        log.info(
            "Evicted task [{}], freeing {}",
            task.id().shortForm(),
            StorageFullException.bytes(task.reservedBytes()));
      }
    }
    return evicted.isEmpty() ? GcReport.empty() : new GcReport(evicted, freed);
  }

  /** Forgets a retired task and deletes its files. */
  private void drop(StoredTask task) {
    tasks.remove(task.id());
    usedBytes -= task.reservedBytes();
    try {
      task.deleteFiles();
    } catch (IOException e) {
      log.warn(
          "Could not delete all files of task [{}]; they are deleted when the store is next opened",
          task.id().shortForm(),
          e);
    }
  }

  private void persistLastUse() {
    for (StoredTask task : tasks.values()) {
      try {
        task.persistLastUsed();
      } catch (IOException e) {
        log.warn("Could not persist when task [{}] was last used", task.id().shortForm(), e);
      }
    }
  }

  private void loadTasks() throws IOException {
    Path tasksDir = settings.root().resolve("tasks");
    Files.createDirectories(tasksDir);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasksDir)) {
      for (Path dir : dirs) {
        loadTask(dir);
      }
    }
  }

  private void loadTask(Path dir) {
    String name = dir.getFileName().toString();
    TaskId id;
    try {
      id = TaskId.of(name);
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring [{}] in the piece store: not a task directory", dir);
      return;
    }
    TaskFiles files = new TaskFiles(dir);
    if (!Files.isRegularFile(files.meta())) {
      // Creation writes the metadata last and deletion removes it first, so a directory without
      // it is a task that was never created, or was being deleted.
      deleteQuietly(files);
      return;
    }
    try {
      StoredTask task = TaskLoader.load(files, context);
      if (!task.id().equals(id)) {
        log.warn("Ignoring [{}] in the piece store: its metadata names task [{}]", dir, task.id());
        return;
      }
      tasks.put(id, task);
      usedBytes += task.reservedBytes();
    } catch (IOException | RuntimeException e) {
      log.warn("Deleting task [{}] from the piece store: it cannot be loaded", id.shortForm(), e);
      deleteQuietly(files);
    }
  }

  private static void deleteQuietly(TaskFiles files) {
    try {
      files.delete();
    } catch (IOException e) {
      log.warn("Could not delete [{}]", files.dir(), e);
    }
  }
}
