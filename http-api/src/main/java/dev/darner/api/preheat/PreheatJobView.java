package dev.darner.api.preheat;

import java.util.List;

/**
 * A preheat job as {@code GET /api/v1/preheat/{id}} shows it: what it preheats, where it stands,
 * and each task's progress in each AZ.
 *
 * @param id the job's id, 16 hex digits
 * @param state where the job stands
 * @param type {@code image} or {@code file}
 * @param source the image reference or the file's URL
 * @param platforms the platforms of an image; empty for a file
 * @param zones the AZs whose seeds are asked, fixed when the job starts
 * @param createdAt when the node accepted the job, ISO-8601
 * @param finishedAt when it succeeded or failed, ISO-8601; empty while it runs
 * @param error why it failed; empty otherwise
 * @param bytesDone the bytes the seeds hold, summed over tasks and AZs
 * @param bytesTotal the bytes the seeds will hold when done, as far as known
 * @param tasksTotal how many tasks the job preheats
 * @param tasksComplete how many of them every AZ's seed holds whole
 * @param tasks each task's progress; empty in job listings
 */
public record PreheatJobView(
    String id,
    JobState state,
    String type,
    String source,
    List<String> platforms,
    List<String> zones,
    String createdAt,
    String finishedAt,
    String error,
    long bytesDone,
    long bytesTotal,
    int tasksTotal,
    int tasksComplete,
    List<TaskView> tasks) {

  /** Where a preheat job stands. */
  public enum JobState {
    /** Accepted; the image is being resolved to its blobs. */
    PENDING,
    /** The seeds are fetching. */
    RUNNING,
    /** Every AZ's seed holds every task whole. */
    SUCCEEDED,
    /** The image could not be resolved, a seed failed a task, or the job ran out of time. */
    FAILED
  }

  /** Where one task stands with one AZ's seed. */
  public enum PartState {
    /** The seed was not asked yet: the job fetches a few tasks at a time. */
    PENDING,
    /** The seed is fetching. */
    RUNNING,
    /** The seed holds the task whole, verified. */
    COMPLETE,
    /** The seed failed, or there is none. */
    FAILED
  }

  /**
   * One task of the job.
   *
   * @param taskId the task id, the one downloads and mirror pulls of the same content use
   * @param name the blob's digest, or the file's URL
   * @param size the content's length when known; -1 otherwise
   * @param zones its progress with each AZ's seed
   */
  public record TaskView(String taskId, String name, long size, List<ZoneView> zones) {}

  /**
   * One task with one AZ's seed.
   *
   * @param az the AZ
   * @param seed the seed peer that answered last; empty before any did
   * @param state where the task stands there
   * @param completed whether the seed holds the task whole
   * @param bytesDone the bytes the seed holds
   * @param bytesTotal the task's length; -1 while unknown
   * @param error why it failed; empty otherwise
   */
  public record ZoneView(
      String az,
      String seed,
      PartState state,
      boolean completed,
      long bytesDone,
      long bytesTotal,
      String error) {}

  /** Returns this view without its tasks, as a job listing shows it. */
  public PreheatJobView summary() {
    return new PreheatJobView(
        id,
        state,
        type,
        source,
        platforms,
        zones,
        createdAt,
        finishedAt,
        error,
        bytesDone,
        bytesTotal,
        tasksTotal,
        tasksComplete,
        List.of());
  }

  /** Returns whether the job is over. */
  public boolean isFinished() {
    return state == JobState.SUCCEEDED || state == JobState.FAILED;
  }
}
