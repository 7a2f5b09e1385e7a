package dev.darner.transfer.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.task.HostId;
import dev.darner.transfer.fetch.PieceFetchPlanner.Assignment;
import dev.darner.transfer.fetch.PieceFetchPlanner.Parent;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PieceFetchPlannerTest {

  private static final HostId A = new HostId("a:65002");
  private static final HostId B = new HostId("b:65002");
  private static final HostId C = new HostId("c:65002");

  @Test
  void next_pieceInWindow_comesBeforeRarerPieces() {
    PieceFetchPlanner planner = PieceFetchPlanner.create(1, 2, 2, 0);
    List<Parent> parents = List.of(parent(A, 0, 10, 0), parent(B, 0, 4, 0));

    List<Assignment> plan = planner.next(pieces(0, 10), 2, parents);

    assertEquals(List.of(new Assignment(A, 2), new Assignment(A, 3)), plan);
  }

  @Test
  void next_afterWindow_takesRarestFirst() {
    PieceFetchPlanner planner = PieceFetchPlanner.create(2, 2, 1, 0);
    List<Parent> parents = List.of(parent(A, 0, 10, 0), parent(B, 0, 9, 0));

    List<Assignment> plan = planner.next(pieces(0, 10), 0, parents);

    assertEquals(4, plan.size());
    assertEquals(new Assignment(A, 0), plan.get(0));
    assertEquals(new Assignment(A, 9), plan.get(1));
  }

  @Test
  void next_busyParents_getNoMoreThanTheirRequests() {
    PieceFetchPlanner planner = PieceFetchPlanner.create(2, 3, 4, 0);
    List<Parent> parents = List.of(parent(A, 0, 10, 2), parent(B, 0, 10, 3));

    List<Assignment> plan = planner.next(pieces(0, 10), 0, parents);

    assertEquals(List.of(new Assignment(A, 0)), plan);
  }

  @Test
  void next_failedParent_isAvoided() {
    PieceFetchPlanner planner = PieceFetchPlanner.create(3, 2, 4, 0);
    Parent failed = new Parent(A, pieces(0, 10), 0, true);
    List<Parent> parents = List.of(failed, parent(B, 0, 10, 0));

    List<Assignment> plan = planner.next(pieces(0, 10), 0, parents);

    assertEquals(2, plan.size());
    assertTrue(plan.stream().allMatch(assignment -> assignment.parent().equals(B)));
  }

  @Test
  void next_moreParentsThanAllowed_usesBusyOnesThenBestRanked() {
    PieceFetchPlanner planner = PieceFetchPlanner.create(2, 1, 8, 0);
    List<Parent> parents = List.of(parent(A, 0, 10, 0), parent(B, 0, 10, 0), parent(C, 0, 10, 1));

    List<Assignment> plan = planner.next(pieces(0, 10), 0, parents);

    assertEquals(List.of(new Assignment(A, 0)), plan);
  }

  @Test
  void next_spreadsPiecesOverParents_leastLoadedFirst() {
    PieceFetchPlanner planner = PieceFetchPlanner.create(2, 2, 4, 0);
    List<Parent> parents = List.of(parent(A, 0, 10, 0), parent(B, 0, 10, 0));

    List<Assignment> plan = planner.next(pieces(0, 10), 0, parents);

    assertEquals(
        List.of(
            new Assignment(A, 0), new Assignment(B, 1), new Assignment(A, 2), new Assignment(B, 3)),
        plan);
  }

  @Test
  void next_pieceNoParentHolds_isNotPlanned() {
    PieceFetchPlanner planner = PieceFetchPlanner.create(2, 2, 4, 0);
    List<Parent> parents = List.of(parent(A, 5, 6, 0));

    List<Assignment> plan = planner.next(pieces(0, 5), 0, parents);

    assertEquals(List.of(), plan);
  }

  @Test
  void next_equallyRarePieces_areOrderedBySeed() {
    List<Parent> parents = List.of(parent(A, 0, 64, 0));
    PieceFetchPlanner one = PieceFetchPlanner.create(1, 4, 0, 1);
    PieceFetchPlanner other = PieceFetchPlanner.create(1, 4, 0, 2);

    List<Assignment> first = one.next(pieces(0, 64), 0, parents);
    List<Assignment> second = other.next(pieces(0, 64), 0, parents);

    assertEquals(4, first.size());
    assertTrue(!first.equals(second), "two seeds chose the same pieces: " + first);
  }

  private static Parent parent(HostId host, int from, int to, int inFlight) {
    return new Parent(host, pieces(from, to), inFlight, false);
  }

  private static BitSet pieces(int from, int to) {
    BitSet set = new BitSet();
    IntStream.range(from, to).forEach(set::set);
    return set;
  }
}
