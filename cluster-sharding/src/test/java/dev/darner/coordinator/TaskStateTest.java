package dev.darner.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.schedule.ParentSelector;
import dev.darner.schedule.RankingWeights;
import dev.darner.task.HostId;
import dev.darner.task.TaskMetadata;
import java.util.BitSet;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskStateTest {

  private static final HostId A = HostId.of("a", 1);
  private static final HostId B = HostId.of("b", 1);
  private static final HostId C = HostId.of("c", 1);
  private static final HostId SEED = HostId.of("seed", 1);
  private static final TaskMetadata FOUR_PIECES =
      new TaskMetadata(4L * (4 << 20), 4 << 20, Optional.empty());
  private static final long STALL = 30_000;

  private final TaskState state =
      new TaskState(
          new ParentSelector(RankingWeights.DEFAULT, 4, 100, 1_000),
          STALL,
          new SplittableRandom(1));

  private static long[] pieces(int... indices) {
    BitSet bits = new BitSet();
    for (int i : indices) {
      bits.set(i);
    }
    return bits.toLongArray();
  }

  private TaskState.Decision register(HostId host, long now, int... have) {
    return state.register(host, host.equals(SEED), Optional.empty(), pieces(have), now);
  }

  @Test
  void register_noSeedAlive_firstGoesToSourceOthersWait() {
    state.seedChosen(Optional.empty());

    TaskState.Decision first = register(A, 0);
    TaskState.Decision second = register(B, 0);

    assertInstanceOf(TaskState.Source.class, first);
    assertEquals(new TaskState.Wait(Optional.of(A)), second);
    assertInstanceOf(TaskState.Source.class, register(A, 1));
  }

  @Test
  void register_seedAlive_peerWaitsAndSeedIsWanted() {
    state.seedChosen(Optional.of(SEED));

    TaskState.Decision decision = register(A, 0);

    assertEquals(new TaskState.Wait(Optional.empty()), decision);
    assertTrue(state.takeSeedWanted());
    assertFalse(state.takeSeedWanted());
    assertInstanceOf(TaskState.Source.class, register(SEED, 1));
    assertEquals(new TaskState.Wait(Optional.of(SEED)), register(B, 2));
  }

  @Test
  void register_metadataAndPiecesReported_childGetsParentAndChecksums() {
    state.seedChosen(Optional.empty());
    register(A, 0);
    state.adoptMetadata(FOUR_PIECES);
    state.reportPieces(A, new int[] {0, 1}, new int[] {11, 22}, 1);

    TaskState.Decision decision = register(B, 2);

    TaskState.Parents parents = assertInstanceOf(TaskState.Parents.class, decision);
    assertEquals(A, parents.parents().get(0).parent().host());
    assertArrayEquals(new int[] {0, 1}, parents.crcPieces());
    assertArrayEquals(new int[] {11, 22}, parents.crcs());
  }

  @Test
  void register_backToSourcePeerLeaves_nextPeerFetchesOnlyWhatNobodyHolds() {
    state.seedChosen(Optional.empty());
    register(A, 0);
    state.adoptMetadata(FOUR_PIECES);
    state.reportPieces(A, new int[] {0, 1}, new int[] {11, 22}, 1);
    register(B, 2);
    state.reportPieces(B, new int[] {0, 1}, new int[] {11, 22}, 3);

    state.remove(A);
    TaskState.Decision decision = register(B, 4, 0, 1);

    TaskState.Source source = assertInstanceOf(TaskState.Source.class, decision);
    assertEquals(BitSet.valueOf(pieces(2, 3)), BitSet.valueOf(source.toFetch()));
    TaskState.Parents forC = assertInstanceOf(TaskState.Parents.class, register(C, 5));
    assertEquals(B, forC.parents().get(0).parent().host());
    assertEquals(Optional.of(B), state.backToSource());
  }

  @Test
  void register_backToSourcePeerStalls_anotherTakesOver() {
    state.seedChosen(Optional.empty());
    register(A, 0);

    TaskState.Decision early = register(B, STALL);
    TaskState.Decision late = register(B, STALL + 1);

    assertInstanceOf(TaskState.Wait.class, early);
    assertInstanceOf(TaskState.Source.class, late);
  }

  @Test
  void register_backToSourcePeerDeadAndSeedAlive_peerKeepsParentsAndSeedIsWanted() {
    state.seedChosen(Optional.empty());
    register(A, 0);
    state.adoptMetadata(FOUR_PIECES);
    state.reportPieces(A, new int[] {0, 1}, new int[] {11, 22}, 1);
    register(B, 1, 0);
    state.reportPieces(B, new int[] {0}, new int[] {11}, 1);
    state.seedChosen(Optional.of(SEED));

    state.hostDescribed(A, false, false, Optional.empty());
    TaskState.Decision decision = register(C, 2);

    assertInstanceOf(TaskState.Parents.class, decision);
    assertTrue(state.takeSeedWanted());
  }

  @Test
  void reportPieces_contradictingChecksum_flaggedAndNotRecorded() {
    state.seedChosen(Optional.empty());
    register(A, 0);
    state.adoptMetadata(FOUR_PIECES);
    state.reportPieces(A, new int[] {0}, new int[] {11}, 1);
    register(B, 1);

    boolean contradicted = state.reportPieces(B, new int[] {0}, new int[] {99}, 2);

    assertTrue(contradicted);
    TaskState.Parents forC = assertInstanceOf(TaskState.Parents.class, register(C, 3));
    assertEquals(1, forC.parents().size());
    assertEquals(A, forC.parents().get(0).parent().host());
  }

  @Test
  void register_wholeTaskHeld_noParentsNeeded() {
    state.seedChosen(Optional.empty());
    state.adoptMetadata(FOUR_PIECES);

    TaskState.Decision decision = register(A, 0, 0, 1, 2, 3);

    assertEquals(0, assertInstanceOf(TaskState.Parents.class, decision).parents().size());
  }

  @Test
  void restoreHolder_rebuiltCoordinator_handsOutHolderWithChecksums() {
    state.seedChosen(Optional.of(SEED));
    state.adoptMetadata(FOUR_PIECES);
    state.restoreHolder(A, new int[] {1, 2, 3, 4}, 0);

    TaskState.Decision decision = register(B, 1);

    TaskState.Parents parents = assertInstanceOf(TaskState.Parents.class, decision);
    assertEquals(A, parents.parents().get(0).parent().host());
    assertArrayEquals(new int[] {1, 2, 3, 4}, parents.crcs());
    assertFalse(state.takeSeedWanted());
  }

  @Test
  void reportFailure_childAvoidsFailingParent_waitsInstead() {
    state.seedChosen(Optional.empty());
    register(A, 0);
    state.adoptMetadata(FOUR_PIECES);
    state.complete(A, 1);
    register(B, 2);

    state.reportFailure(B, A);

    assertInstanceOf(TaskState.Wait.class, register(B, 3));
    assertInstanceOf(TaskState.Parents.class, register(C, 3));
  }
}
