package dev.darner.simulation;

import dev.darner.schedule.CrossAzPolicy;
import java.util.List;

/**
 * What one simulation run simulates: the hosts and their AZs, the content, the network, and the
 * faults. Bandwidths are in bytes per second, times in seconds.
 *
 * @param name the scenario's name, as given on the command line
 * @param hosts pulling hosts, spread evenly over the AZs; seed peers come on top
 * @param zones how many AZs
 * @param seedsPerZone seed peers per AZ
 * @param contentLength bytes of the task every host pulls
 * @param peerDown download bandwidth of a pulling host
 * @param peerUp upload bandwidth of a pulling host
 * @param peerUploadSlots children a pulling host serves at once at most
 * @param downloadSlots pieces a host fetches from parents at once at most
 * @param seedDown download bandwidth of a seed peer
 * @param seedUp upload bandwidth of a seed peer
 * @param seedUploadSlots children a seed peer serves at once at most
 * @param originPerZone bandwidth of the origin towards each AZ
 * @param originConcurrency piece requests a back-to-source peer keeps open to the origin
 * @param originLatency time to the first byte of an origin response
 * @param zoneLatency one-way latency between two hosts of one AZ
 * @param crossZoneLatency one-way latency between hosts of two AZs
 * @param crossZoneBandwidth bandwidth of the link from one AZ to another
 * @param joinSpread hosts start pulling at random times within this many seconds
 * @param seedLossAt when the seed peers going back to source die; negative for never
 * @param hostFailures share of pulling hosts that die at a random time while they pull
 * @param policy where a seed fetches what its AZ lacks
 * @param inOrderWindow pieces after the first missing one that a host fetches in order
 * @param announcePieces whether a parent tells its current children of each piece it gains, so they
 *     need not wait for their next poll to learn of it; the node does not do this yet
 * @param randomSeed seed of every random choice of the run
 */
public record Scenario(
    String name,
    int hosts,
    int zones,
    int seedsPerZone,
    long contentLength,
    long peerDown,
    long peerUp,
    int peerUploadSlots,
    int downloadSlots,
    long seedDown,
    long seedUp,
    int seedUploadSlots,
    long originPerZone,
    int originConcurrency,
    double originLatency,
    double zoneLatency,
    double crossZoneLatency,
    long crossZoneBandwidth,
    double joinSpread,
    double seedLossAt,
    double hostFailures,
    CrossAzPolicy policy,
    int inOrderWindow,
    boolean announcePieces,
    long randomSeed) {

  /** The names {@link #named} knows. */
  public static final List<String> NAMES = List.of("image-20g-10k", "models-100g-1k", "seeds-lost");

  private static final long GIB = 1L << 30;
  private static final long GBIT = 125_000_000L;

  public Scenario {
    if (hosts < 1 || zones < 1 || hosts < zones) {
      throw new IllegalArgumentException(
          "hosts must be >= zones >= 1, were " + hosts + " and " + zones);
    }
    if (contentLength < 1) {
      throw new IllegalArgumentException("contentLength must be >= 1, was " + contentLength);
    }
    if (hostFailures < 0 || hostFailures >= 1) {
      throw new IllegalArgumentException("hostFailures must be within [0, 1), was " + hostFailures);
    }
  }

  /**
   * Returns the scenario called {@code name}: {@code image-20g-10k}, {@code models-100g-1k} or
   * {@code seeds-lost}.
   */
  public static Scenario named(String name) {
    return switch (name) {
      case "image-20g-10k" -> image("image-20g-10k", 10_000, 20 * GIB);
      case "models-100g-1k" ->
          new Scenario(
              name,
              1_000,
              3,
              2,
              100 * GIB,
              25 * GBIT,
              25 * GBIT,
              8,
              8,
              25 * GBIT,
              25 * GBIT,
              32,
              16 * GBIT,
              4,
              0.010,
              0.000_25,
              0.001,
              100 * GBIT,
              1.0,
              -1,
              0,
              CrossAzPolicy.ORIGIN,
              16,
              false,
              1);
      case "seeds-lost" -> image("seeds-lost", 3_000, 20 * GIB).withFaults(8.0, 0.01);
      default ->
          throw new IllegalArgumentException("scenario must be one of " + NAMES + ", was " + name);
    };
  }

  /**
   * Returns a small scenario for tests: {@code hosts} hosts in {@code zones} AZs pulling {@code
   * contentLength} bytes, on the network of {@code image-20g-10k}.
   */
  public static Scenario small(int hosts, int zones, long contentLength) {
    return image("small", hosts, contentLength).withZones(zones);
  }

  private static Scenario image(String name, int hosts, long length) {
    return new Scenario(
        name,
        hosts,
        3,
        2,
        length,
        10 * GBIT,
        10 * GBIT,
        8,
        8,
        25 * GBIT,
        25 * GBIT,
        32,
        8 * GBIT,
        4,
        0.010,
        0.000_25,
        0.001,
        100 * GBIT,
        1.0,
        -1,
        0,
        CrossAzPolicy.ORIGIN,
        16,
        false,
        1);
  }

  /** Returns this scenario with {@code count} pulling hosts. */
  public Scenario withHosts(int count) {
    Builder b = new Builder(this);
    b.hosts = count;
    return b.build();
  }

  /** Returns this scenario with {@code count} AZs. */
  public Scenario withZones(int count) {
    Builder b = new Builder(this);
    b.zones = count;
    return b.build();
  }

  /** Returns this scenario with every random choice drawn from {@code seed}. */
  public Scenario withRandomSeed(long seed) {
    Builder b = new Builder(this);
    b.randomSeed = seed;
    return b.build();
  }

  /** Returns this scenario with the origin giving each AZ {@code bytesPerSecond}. */
  public Scenario withOriginPerZone(long bytesPerSecond) {
    Builder b = new Builder(this);
    b.originPerZone = bytesPerSecond;
    return b.build();
  }

  /** Returns this scenario under the cross-AZ policy {@code crossAz}. */
  public Scenario withPolicy(CrossAzPolicy crossAz) {
    Builder b = new Builder(this);
    b.policy = crossAz;
    return b.build();
  }

  /** Returns this scenario with parents announcing their new pieces to their children, or not. */
  public Scenario withAnnouncePieces(boolean announce) {
    Builder b = new Builder(this);
    b.announcePieces = announce;
    return b.build();
  }

  /**
   * Returns this scenario where the seeds going back to source die at {@code lossAt} seconds
   * (negative: never) and a share {@code failures} of the pulling hosts dies at random.
   */
  public Scenario withFaults(double lossAt, double failures) {
    Builder b = new Builder(this);
    b.seedLossAt = lossAt;
    b.hostFailures = failures;
    return b.build();
  }

  /**
   * A scenario being changed: copies every component, so each wither names only what it changes.
   */
  private static final class Builder {
    private String name;
    private int hosts;
    private int zones;
    private int seedsPerZone;
    private long contentLength;
    private long peerDown;
    private long peerUp;
    private int peerUploadSlots;
    private int downloadSlots;
    private long seedDown;
    private long seedUp;
    private int seedUploadSlots;
    private long originPerZone;
    private int originConcurrency;
    private double originLatency;
    private double zoneLatency;
    private double crossZoneLatency;
    private long crossZoneBandwidth;
    private double joinSpread;
    private double seedLossAt;
    private double hostFailures;
    private CrossAzPolicy policy;
    private int inOrderWindow;
    private boolean announcePieces;
    private long randomSeed;

    Builder(Scenario from) {
      name = from.name;
      hosts = from.hosts;
      zones = from.zones;
      seedsPerZone = from.seedsPerZone;
      contentLength = from.contentLength;
      peerDown = from.peerDown;
      peerUp = from.peerUp;
      peerUploadSlots = from.peerUploadSlots;
      downloadSlots = from.downloadSlots;
      seedDown = from.seedDown;
      seedUp = from.seedUp;
      seedUploadSlots = from.seedUploadSlots;
      originPerZone = from.originPerZone;
      originConcurrency = from.originConcurrency;
      originLatency = from.originLatency;
      zoneLatency = from.zoneLatency;
      crossZoneLatency = from.crossZoneLatency;
      crossZoneBandwidth = from.crossZoneBandwidth;
      joinSpread = from.joinSpread;
      seedLossAt = from.seedLossAt;
      hostFailures = from.hostFailures;
      policy = from.policy;
      inOrderWindow = from.inOrderWindow;
      announcePieces = from.announcePieces;
      randomSeed = from.randomSeed;
    }

    Scenario build() {
      return new Scenario(
          name,
          hosts,
          zones,
          seedsPerZone,
          contentLength,
          peerDown,
          peerUp,
          peerUploadSlots,
          downloadSlots,
          seedDown,
          seedUp,
          seedUploadSlots,
          originPerZone,
          originConcurrency,
          originLatency,
          zoneLatency,
          crossZoneLatency,
          crossZoneBandwidth,
          joinSpread,
          seedLossAt,
          hostFailures,
          policy,
          inOrderWindow,
          announcePieces,
          randomSeed);
    }
  }
}
