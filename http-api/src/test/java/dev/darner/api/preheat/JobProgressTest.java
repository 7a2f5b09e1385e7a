package dev.darner.api.preheat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.darner.api.DownloadRequest;
import dev.darner.api.preheat.PreheatJobView.PartState;
import dev.darner.cluster.SeedProgress;
import dev.darner.task.Digest;
import dev.darner.task.HostId;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobProgressTest {

  private static final HostId SEED = HostId.of("10.0.0.1", 65002);
  private static final List<String> ZONES = List.of("az-a", "az-b");

  @Test
  void toAsk_moreTasksThanParallel_asksOnlyTheFirstTasksInEveryZone() {
    JobProgress progress = new JobProgress(targets(5), ZONES, 2, 3);

    List<JobProgress.Part> asked = progress.toAsk();

    assertEquals(4, asked.size());
    assertEquals(
        List.of("t0", "t0", "t1", "t1"),
        asked.stream().map(p -> progress.target(p).name()).toList());
    assertTrue(asked.stream().allMatch(JobProgress.Part::firstAsk));
    assertEquals(List.of(), progress.toAsk(), "parts in flight are not asked twice");
  }

  @Test
  void answered_taskCompleteEverywhere_nextTaskTakesItsSlot() {
    JobProgress progress = new JobProgress(targets(3), ZONES, 1, 3);
    List<JobProgress.Part> first = progress.toAsk();

    first.forEach(p -> progress.answered(p, SeedProgress.complete(SEED, 100)));
    List<JobProgress.Part> next = progress.toAsk();

    assertEquals(List.of("t1", "t1"), next.stream().map(p -> progress.target(p).name()).toList());
    assertEquals(1, progress.tasksComplete());
    assertEquals(200, progress.bytesDone());
  }

  @Test
  void answered_runningThenAskedAgain_isNoLongerAFirstAsk() {
    JobProgress progress = new JobProgress(targets(1), List.of("az-a"), 1, 3);
    JobProgress.Part part = progress.toAsk().get(0);

    progress.answered(part, SeedProgress.running(SEED, 10, 100));

    JobProgress.Part again = progress.toAsk().get(0);
    assertFalse(again.firstAsk());
    assertEquals(PartState.RUNNING, progress.view().get(0).zones().get(0).state());
    assertEquals(SEED.toString(), progress.view().get(0).zones().get(0).seed());
  }

  @Test
  void answered_noSeedInOneZone_jobDoneWithThatFailure() {
    JobProgress progress = new JobProgress(targets(1), ZONES, 1, 3);
    List<JobProgress.Part> parts = progress.toAsk();

    progress.answered(parts.get(0), SeedProgress.complete(SEED, 100));
    progress.answered(parts.get(1), SeedProgress.noSeed("az-b"));

    assertTrue(progress.isDone());
    assertEquals(1, progress.failedParts());
    assertEquals(
        Optional.of("t0 in AZ az-b: AZ az-b has no live seed peer"), progress.firstFailure());
  }

  @Test
  void askFailed_maxTimesInARow_partFails() {
    JobProgress progress = new JobProgress(targets(1), List.of("az-a"), 1, 2);

    progress.askFailed(progress.toAsk().get(0), "ask timed out");
    assertFalse(progress.isDone());
    JobProgress.Part again = progress.toAsk().get(0);
    assertFalse(again.firstAsk(), "a retried ask must not make the seed forget a failure");
    progress.askFailed(again, "ask timed out");

    assertTrue(progress.isDone());
    assertTrue(progress.firstFailure().orElseThrow().contains("did not answer 2 times"));
  }

  @Test
  void bytesTotal_unknownSizeLearnedFromSeed_counted() {
    JobProgress progress = new JobProgress(List.of(target("f", -1)), List.of("az-a"), 1, 3);
    assertEquals(0, progress.bytesTotal());

    progress.answered(progress.toAsk().get(0), SeedProgress.running(SEED, 5, 50));

    assertEquals(50, progress.bytesTotal());
  }

  private static List<PreheatTarget> targets(int count) {
    return IntStream.range(0, count).mapToObj(i -> target("t" + i, 100)).toList();
  }

  private static PreheatTarget target(String name, long size) {
    String hex = String.format("%064x", name.hashCode());
    return PreheatTarget.of(
        name,
        new DownloadRequest(
            "http://registry/v2/r/blobs/sha256:" + hex,
            Optional.of(Digest.parse("sha256:" + hex)),
            List.of(),
            "",
            List.of()),
        size);
  }
}
