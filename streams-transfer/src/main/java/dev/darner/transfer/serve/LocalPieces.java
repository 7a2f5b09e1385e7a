package dev.darner.transfer.serve;

import dev.darner.task.TaskId;
import java.util.Optional;

/**
 * The pieces this host can serve to its children. The node implements it over its piece store.
 *
 * <p>Called on a stream thread for every request a child makes, so an implementation answers from
 * memory and does not block; the bytes themselves are read later, by the returned source.
 */
@FunctionalInterface
public interface LocalPieces {

  /**
   * Returns piece {@code index} of {@code task} ready to be sent, or empty when this host does not
   * hold that piece verified. A piece still being written or not yet checked is not present.
   */
  Optional<ServablePiece> open(TaskId task, int index);
}
