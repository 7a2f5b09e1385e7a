package dev.darner.cluster;

import dev.darner.task.HostId;
import java.util.List;
import java.util.Objects;

/**
 * What one host holds: the answer of its {@link TaskInventory}.
 *
 * @param host the host, as peers reach its piece server
 * @param availabilityZone its AZ
 * @param address its cluster address
 * @param tasks the tasks in its store, whole or partial, by task id
 */
public record HostTasks(HostId host, String availabilityZone, String address, List<HeldTask> tasks)
    implements CborSerializable {

  public HostTasks {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(availabilityZone, "availabilityZone");
    Objects.requireNonNull(address, "address");
    tasks = List.copyOf(tasks);
  }
}
