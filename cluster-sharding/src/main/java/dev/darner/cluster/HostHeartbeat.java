package dev.darner.cluster;

import java.util.Objects;

/**
 * Tells the AZ scheduler how a host is doing. A node sends one every few seconds; a host that stays
 * silent longer than {@code darner.cluster.scheduler.host-timeout} is dropped.
 *
 * @param load how busy the host is, from 0 (idle) to 1 (saturated)
 * @param freeUploadSlots how many more children the host can serve right now
 * @param uploadCapacity how many children the host serves at most
 * @param uploadSuccessRate the share of recent uploads that completed, from 0 to 1
 * @param uploadBytesPerSecond the recent upload speed per child
 * @param seed whether the host has the seed role
 * @param idc the data centre (building) the host stands in; empty when unknown
 * @param location where the host stands, coarse to fine, separated by {@code |}, such as {@code
 *     eu|fra|rack-12}; empty when unknown
 */
public record HostHeartbeat(
    double load,
    int freeUploadSlots,
    int uploadCapacity,
    double uploadSuccessRate,
    long uploadBytesPerSecond,
    boolean seed,
    String idc,
    String location)
    implements CborSerializable {

  public HostHeartbeat {
    Objects.requireNonNull(idc, "idc");
    Objects.requireNonNull(location, "location");
    if (load < 0 || load > 1) {
      throw new IllegalArgumentException("load must be within 0..1, was " + load);
    }
    if (uploadCapacity < 0 || freeUploadSlots < 0 || freeUploadSlots > uploadCapacity) {
      throw new IllegalArgumentException(
          "freeUploadSlots must be within 0.." + uploadCapacity + ", was " + freeUploadSlots);
    }
    if (uploadSuccessRate < 0 || uploadSuccessRate > 1) {
      throw new IllegalArgumentException(
          "uploadSuccessRate must be within 0..1, was " + uploadSuccessRate);
    }
    if (uploadBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "uploadBytesPerSecond must be >= 0, was " + uploadBytesPerSecond);
    }
  }
}
