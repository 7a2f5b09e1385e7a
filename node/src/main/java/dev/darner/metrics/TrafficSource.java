package dev.darner.metrics;

import java.util.Locale;

/** Where the bytes a node delivers came from; the {@code source} label of the traffic counter. */
public enum TrafficSource {
  /** Fetched from the origin: back-to-source. */
  ORIGIN,
  /** Fetched from a peer in this host's AZ. */
  PEER,
  /** Fetched from a peer in another AZ. */
  CROSS_AZ,
  /** Served to a client from a task this host already held whole. */
  LOCAL;

  /** Returns the label value, such as {@code cross_az}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
