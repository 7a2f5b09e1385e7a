package dev.darner.transfer.fetch;

import dev.darner.task.HostId;
import dev.darner.transfer.TransferSettings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses which piece to ask which parent for next. A plain function of what the child lacks and
 * what its parents hold: the node's download orchestration calls it whenever a fetch ends or the
 * parents change, and sends what it returns.
 *
 * <p>Pieces first: the pieces in a window from the first one the client still waits for, in order,
 * so the client's stream starts at once and never waits long; then the rarest among the parents, so
 * that pieces few hosts hold spread first. Equally rare pieces are taken in an order shuffled by a
 * per-child seed, so children of the same parents do not all ask for the same piece.
 *
 * <p>Parents: at most {@code parentsPerTask} at once, those already busy first, then others in the
 * order given (the coordinator's ranking); each with at most {@code requestsPerParent} requests
 * outstanding; a piece goes to the least loaded parent that holds it. Failed parents are skipped.
 */
public final class PieceFetchPlanner {

  /**
   * What the child knows of one parent.
   *
   * @param pieces the pieces the parent holds verified
   * @param inFlight the requests outstanding on it now
   * @param failed whether it failed and is to be avoided
   */
  public record Parent(HostId host, BitSet pieces, int inFlight, boolean failed) {

    public Parent {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(pieces, "pieces");
      if (inFlight < 0) {
        throw new IllegalArgumentException("inFlight must be >= 0, was " + inFlight);
      }
    }
  }

  /** One fetch to start: {@code piece} from {@code parent}. */
  public record Assignment(HostId parent, int piece) {}

  private final int parentsPerTask;
  private final int requestsPerParent;
  private final int inOrderWindow;
  private final long seed;

  private PieceFetchPlanner(
      int parentsPerTask, int requestsPerParent, int inOrderWindow, long seed) {
    this.parentsPerTask = parentsPerTask;
    this.requestsPerParent = requestsPerParent;
    this.inOrderWindow = inOrderWindow;
    this.seed = seed;
  }

  /**
   * Returns a planner with the limits of {@code settings}; {@code seed} shuffles equally rare
   * pieces, so give each child its own (its host id's hash, say).
   */
  public static PieceFetchPlanner create(TransferSettings.Client settings, long seed) {
    return create(
        settings.parentsPerTask(), settings.requestsPerParent(), settings.inOrderWindow(), seed);
  }

  /** Returns a planner with explicit limits. */
  public static PieceFetchPlanner create(
      int parentsPerTask, int requestsPerParent, int inOrderWindow, long seed) {
    if (parentsPerTask < 1) {
      throw new IllegalArgumentException("parentsPerTask must be >= 1, was " + parentsPerTask);
    }
    if (requestsPerParent < 1) {
      throw new IllegalArgumentException(
          "requestsPerParent must be >= 1, was " + requestsPerParent);
    }
    if (inOrderWindow < 0) {
      throw new IllegalArgumentException("inOrderWindow must be >= 0, was " + inOrderWindow);
    }
    return new PieceFetchPlanner(parentsPerTask, requestsPerParent, inOrderWindow, seed);
  }

  /**
   * Returns the fetches to start now, the most urgent first.
   *
   * @param wanted the pieces the child lacks and has not requested from anyone
   * @param streamPosition the first piece the client still waits for, in order
   * @param parents the parents, best ranked first
   */
  public List<Assignment> next(BitSet wanted, int streamPosition, List<Parent> parents) {
    List<Parent> usable = parents.stream().filter(p -> !p.failed()).toList();
    List<Parent> chosen = choose(usable, wanted);
    int[] load = new int[chosen.size()];
    int capacity = 0;
    for (int i = 0; i < chosen.size(); i++) {
      load[i] = chosen.get(i).inFlight();
      capacity += Math.max(0, requestsPerParent - load[i]);
    }
    List<Assignment> assignments = new ArrayList<>();
    for (int piece : order(wanted, streamPosition, usable)) {
      if (assignments.size() == capacity) {
        break;
      }
      int best = -1;
      for (int i = 0; i < chosen.size(); i++) {
        boolean free = load[i] < requestsPerParent && chosen.get(i).pieces().get(piece);
        if (free && (best < 0 || load[i] < load[best])) {
          best = i;
        }
      }
      if (best >= 0) {
        load[best]++;
        assignments.add(new Assignment(chosen.get(best).host(), piece));
      }
    }
    return assignments;
  }

  /** Returns the parents to use: busy ones first, then others that hold a wanted piece. */
  private List<Parent> choose(List<Parent> usable, BitSet wanted) {
    List<Parent> chosen = new ArrayList<>();
    for (Parent parent : usable) {
      if (parent.inFlight() > 0) {
        chosen.add(parent);
      }
    }
    for (Parent parent : usable) {
      if (chosen.size() >= parentsPerTask) {
        break;
      }
      if (parent.inFlight() == 0 && parent.pieces().intersects(wanted)) {
        chosen.add(parent);
      }
    }
    return chosen;
  }

  /** Returns the wanted pieces some parent holds: the in-order window, then rarest first. */
  private List<Integer> order(BitSet wanted, int streamPosition, List<Parent> usable) {
    BitSet held = new BitSet();
    usable.forEach(parent -> held.or(parent.pieces()));
    held.and(wanted);
    List<Integer> ordered = new ArrayList<>(held.cardinality());
    int windowEnd = (int) Math.min(Integer.MAX_VALUE, (long) streamPosition + inOrderWindow);
    for (int piece = held.nextSetBit(Math.max(0, streamPosition));
        piece >= 0 && piece < windowEnd;
        piece = held.nextSetBit(piece + 1)) {
      ordered.add(piece);
    }
    List<Integer> rest = new ArrayList<>();
    held.stream().filter(piece -> piece < streamPosition || piece >= windowEnd).forEach(rest::add);
    int[] holders = new int[held.length()];
    for (Parent parent : usable) {
      BitSet owned = (BitSet) parent.pieces().clone();
      owned.and(held);
      owned.stream().forEach(piece -> holders[piece]++);
    }
    rest.sort(
        Comparator.<Integer>comparingInt(piece -> holders[piece])
            .thenComparingLong(this::shuffled));
    ordered.addAll(rest);
    return ordered;
  }

  private long shuffled(int piece) {
    long mixed = (seed ^ piece) * 0x9E3779B97F4A7C15L;
    return mixed ^ (mixed >>> 29);
  }
}
