package dev.darner.cluster;

import dev.darner.task.TaskId;
import java.util.Objects;

/**
 * One task in one host's store, as {@link ClusterTasks} reports it.
 *
 * @param task the task id
 * @param url the canonical URL without credentials; empty for tasks named by digest alone
 * @param contentLength the content's length in bytes
 * @param pieceCount how many pieces the content is cut into
 * @param piecesPresent how many of them the host holds, verified
 * @param complete whether the host holds the whole task and serves it
 */
public record HeldTask(
    TaskId task,
    String url,
    long contentLength,
    int pieceCount,
    int piecesPresent,
    boolean complete)
    implements CborSerializable {

  public HeldTask {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(url, "url");
    if (piecesPresent < 0 || piecesPresent > pieceCount) {
      throw new IllegalArgumentException(
          "piecesPresent must be within 0.." + pieceCount + ", was " + piecesPresent);
    }
  }
}
