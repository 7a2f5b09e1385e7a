package dev.darner.task;

import java.util.Objects;

/**
 * Names one host: the address its peers reach it at, {@code host:piecePort}. Stable across restarts
 * of the node on the same machine, so a restarted host is recognised as the one that left.
 */
public record HostId(String value) implements Comparable<HostId> {

  public HostId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("host id must not be blank");
    }
  }

  /** Returns the id of the host whose piece server listens on {@code host:port}. */
  public static HostId of(String host, int port) {
    return new HostId(host + ":" + port);
  }

  @Override
  public int compareTo(HostId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
