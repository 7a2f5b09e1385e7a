package dev.darner.cluster;

import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Leave;

/**
 * Takes members out of the cluster for an operator: a graceful leave, which hands over shards and
 * the AZ scheduler first, or a down, for a member that is gone and cannot leave by itself.
 */
public final class MemberControl {

  private final ActorSystem<?> system;

  private MemberControl(ActorSystem<?> system) {
    this.system = system;
  }

  /** Returns the member control of the cluster {@code system} belongs to. */
  public static MemberControl of(ActorSystem<?> system) {
    return new MemberControl(system);
  }

  /**
   * Asks the member at {@code address} to leave the cluster gracefully.
   *
   * @param address a full cluster address ({@code pekko://darner@host:port}) or {@code host:port}
   * @return the full address of the member asked, or empty when no member has that address
   */
  public Optional<String> leave(String address) {
    Optional<Address> member = find(address);
    member.ifPresent(a -> Cluster.get(system).manager().tell(Leave.create(a)));
    return member.map(Address::toString);
  }

  /**
   * Marks the member at {@code address} as down, removing it without a handover.
   *
   * @param address a full cluster address ({@code pekko://darner@host:port}) or {@code host:port}
   * @return the full address of the member downed, or empty when no member has that address
   */
  public Optional<String> down(String address) {
    Optional<Address> member = find(address);
    member.ifPresent(a -> Cluster.get(system).manager().tell(new Down(a)));
    return member.map(Address::toString);
  }

  private Optional<Address> find(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    for (Member member : Cluster.get(system).state().getMembers()) {
      Address a = member.address();
      String hostPort = a.host().getOrElse(() -> "") + ":" + a.port().getOrElse(() -> -1);
      if (a.toString().equals(address) || hostPort.equals(address)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
