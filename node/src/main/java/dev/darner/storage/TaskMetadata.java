package dev.darner.storage;

import dev.darner.task.Digest;
import dev.darner.task.PieceLayout;
import dev.darner.task.TaskId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store keeps about a task besides its pieces.
 *
 * @param id the task id
 * @param url the canonical URL without credentials, for operators; empty for digest-only tasks
 * @param layout the content length and how it is cut into pieces
 * @param digest the digest of the whole content, when known
 * @param createdAt when the task was first created in this store
 */
public record TaskMetadata(
    TaskId id, String url, PieceLayout layout, Optional<Digest> digest, Instant createdAt) {

  public TaskMetadata {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
