package dev.darner.node;

import dev.darner.api.manage.MemberAdmin;
import dev.darner.cluster.MemberControl;
import java.util.Optional;

/** The node's side of member management: the cluster's own leave and down. */
final class NodeMembers implements MemberAdmin {

  private final MemberControl control;

  NodeMembers(MemberControl control) {
    this.control = control;
  }

  @Override
  public Optional<String> leave(String address) {
    return control.leave(address);
  }

  @Override
  public Optional<String> down(String address) {
    return control.down(address);
  }
}
