package dev.darner.api.preheat;

import dev.darner.api.DownloadRequest;
import dev.darner.task.TaskId;
import dev.darner.task.TaskIds;
import java.util.Objects;

/**
 * One task a preheat asks the seeds to fetch.
 *
 * @param taskId the task's id, the same a download or a pull through the mirror derives
 * @param name what a person recognises it by: a blob's digest, or a file's URL
 * @param request what the seeds fetch; its headers never leave the node that took the preheat
 * @param size the content's length when known beforehand (a blob's descriptor says it), else -1
 */
record PreheatTarget(TaskId taskId, String name, DownloadRequest request, long size) {

  PreheatTarget {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(request, "request");
  }

  /** Returns the target of {@code request}, whose task id derives as every download's does. */
  static PreheatTarget of(String name, DownloadRequest request, long size) {
    TaskId id =
        TaskIds.of(
            request.url(), request.digest(), request.ignoredQueryParameters(), request.tag());
    return new PreheatTarget(id, name, request, size);
  }
}
