package dev.darner.api.manage;

import java.util.Optional;

/** What the management routes need to take members out of the cluster. */
public interface MemberAdmin {

  /**
   * Asks the member at {@code address} ({@code pekko://…} or {@code host:port}) to leave; returns
   * its full address, or empty when no member has that address.
   */
  Optional<String> leave(String address);

  /**
   * Downs the member at {@code address} ({@code pekko://…} or {@code host:port}); returns its full
   * address, or empty when no member has that address.
   */
  Optional<String> down(String address);
}
