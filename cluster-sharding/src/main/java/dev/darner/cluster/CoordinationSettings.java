package dev.darner.cluster;

import com.typesafe.config.Config;
import dev.darner.schedule.CrossAzPolicy;
import dev.darner.schedule.RankingWeights;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The settings of the coordinators and the AZ scheduler, read once from {@code darner.cluster};
 * {@code reference.conf} documents each key.
 */
public record CoordinationSettings(
    Duration askTimeout,
    Duration pollInterval,
    Duration hostRefreshInterval,
    Duration startupTimeout,
    Duration backToSourceStallTimeout,
    Duration seedRetryInterval,
    int maxParents,
    int candidateLimit,
    RankingWeights weights,
    Duration heartbeatInterval,
    Duration hostTimeout,
    double seedMaxLoad,
    int blockThreshold,
    Duration blockWindow,
    Duration blockDuration,
    CrossAzPolicy crossAzPolicy) {

  /** Reads the settings from {@code system}'s configuration. */
  public static CoordinationSettings create(ActorSystem<?> system) {
    return fromConfig(system.settings().config().getConfig("darner.cluster"));
  }

  /** Reads the settings from {@code config}, the {@code darner.cluster} section. */
  public static CoordinationSettings fromConfig(Config config) {
    Config c = config.getConfig("coordinator");
    Config r = c.getConfig("ranking");
    Config s = config.getConfig("scheduler");
    return new CoordinationSettings(
        c.getDuration("ask-timeout"),
        c.getDuration("poll-interval"),
        c.getDuration("host-refresh-interval"),
        c.getDuration("startup-timeout"),
        c.getDuration("back-to-source-stall-timeout"),
        c.getDuration("seed-retry-interval"),
        c.getInt("max-parents"),
        c.getInt("candidate-limit"),
        new RankingWeights(
            r.getDouble("pieces"),
            r.getDouble("upload-slots"),
            r.getDouble("load"),
            r.getDouble("success-rate"),
            r.getDouble("speed"),
            r.getDouble("idc"),
            r.getDouble("location"),
            r.getDouble("seed"),
            r.getLong("speed-reference")),
        s.getDuration("heartbeat-interval"),
        s.getDuration("host-timeout"),
        s.getDouble("seed-max-load"),
        s.getInt("block-threshold"),
        s.getDuration("block-window"),
        s.getDuration("block-duration"),
        CrossAzPolicy.parse(s.getString("cross-az-policy")));
  }
}
