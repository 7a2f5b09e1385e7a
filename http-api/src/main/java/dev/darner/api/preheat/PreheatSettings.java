package dev.darner.api.preheat;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * The settings of preheat jobs, read once from {@code darner.preheat}; the node's {@code
 * reference.conf} documents each key.
 *
 * @param maxJobs the most jobs a node holds, running and finished
 * @param jobTtl how long a finished job stays to be polled
 * @param jobTimeout how long a job may run before it fails
 * @param pollInterval how often a running job asks the seeds how far they got
 * @param parallelTasks how many tasks of one job the seeds fetch at once
 * @param maxAskFailures how many asks in a row a seed may leave unanswered before its part fails
 * @param defaultPlatforms the platforms of an image preheat that names none
 */
public record PreheatSettings(
    int maxJobs,
    Duration jobTtl,
    Duration jobTimeout,
    Duration pollInterval,
    int parallelTasks,
    int maxAskFailures,
    List<Platform> defaultPlatforms) {

  public PreheatSettings {
    if (maxJobs < 1 || parallelTasks < 1 || maxAskFailures < 1) {
      throw new IllegalArgumentException(
          "darner.preheat: max-jobs, parallel-tasks and max-ask-failures must be at least 1");
    }
    if (defaultPlatforms.isEmpty()) {
      throw new IllegalArgumentException("darner.preheat.default-platforms must not be empty");
    }
    defaultPlatforms = List.copyOf(defaultPlatforms);
  }

  /** Returns the settings under {@code darner.preheat} of {@code config}. */
  public static PreheatSettings fromConfig(Config config) {
    Config c = config.getConfig("darner.preheat");
    return new PreheatSettings(
        c.getInt("max-jobs"),
        c.getDuration("job-ttl"),
        c.getDuration("job-timeout"),
        c.getDuration("poll-interval"),
        c.getInt("parallel-tasks"),
        c.getInt("max-ask-failures"),
        c.getStringList("default-platforms").stream().map(Platform::parse).toList());
  }
}
