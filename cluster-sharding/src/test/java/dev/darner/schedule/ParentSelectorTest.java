package dev.darner.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParentSelectorTest {

  private static final int PIECES = 100;
  private final ParentSelector selector = new ParentSelector(RankingWeights.DEFAULT, 4, 100, 1_000);

  private static TestCandidate child() {
    return new TestCandidate("child:1", PIECES, 0, 0)
        .beat(TestCandidate.beat(4, 4, 1, 0, "idc-1", "eu|fra|r1"));
  }

  private static TestCandidate parent(String host, int held) {
    return new TestCandidate(host, PIECES, 0, held)
        .beat(TestCandidate.beat(2, 4, 0.8, 32L << 20, "idc-2", "us"));
  }

  private List<String> ranked(TestCandidate child, TestCandidate... parents) {
    List<TestCandidate> peers = new ArrayList<>(List.of(parents));
    peers.add(child);
    return selector.select(child, peers, PIECES, 0, 0).stream()
        .map(r -> r.parent().host().value())
        .toList();
  }

  @Test
  void score_documentedExample_matchesFormula() {
    TestCandidate parent =
        new TestCandidate("p:1", PIECES, 0, 50)
            .beat(TestCandidate.beat(2, 4, 0.8, 32L << 20, "idc-1", "eu|fra|r2"));

    double score = selector.score(50, 100, 0, parent, child().heartbeat());

    double expected =
        0.25 * 0.5 + 0.10 * 0.5 + 0.25 + 0.10 * 0.8 + 0.10 * 0.5 + 0.10 + 0.10 * 2 / 3;
    assertEquals(expected, score, 1e-9);
    assertEquals(0.7217, score, 1e-4);
  }

  @Test
  void score_unknownHeartbeat_usesNeutralValues() {
    TestCandidate parent = new TestCandidate("p:1", PIECES, 0, 100);

    double score = selector.score(100, 100, 0, parent, null);

    assertEquals(0.25 + 0.10 * 0.5 + 0.25 + 0.10 * 0.5, score, 1e-9);
  }

  @Test
  void select_moreUsefulPieces_ranksHigher() {
    assertEquals(List.of("b:1", "a:1"), ranked(child(), parent("a:1", 10), parent("b:1", 60)));
  }

  @Test
  void select_moreFreeSlots_ranksHigher() {
    TestCandidate idle =
        parent("idle:1", 50).beat(TestCandidate.beat(4, 4, 0.8, 32L << 20, "", ""));

    assertEquals(List.of("idle:1", "a:1"), ranked(child(), parent("a:1", 50), idle));
  }

  @Test
  void select_sameIdcAndLocation_ranksHigher() {
    TestCandidate near =
        parent("near:1", 50).beat(TestCandidate.beat(2, 4, 0.8, 32L << 20, "idc-1", "eu|fra|r9"));

    assertEquals(List.of("near:1", "far:1"), ranked(child(), parent("far:1", 50), near));
  }

  @Test
  void select_fasterAndMoreReliable_ranksHigher() {
    TestCandidate good =
        parent("good:1", 50).beat(TestCandidate.beat(2, 4, 1.0, 200L << 20, "idc-2", "us"));

    assertEquals(List.of("good:1", "a:1"), ranked(child(), parent("a:1", 50), good));
  }

  @Test
  void select_parentHandedOutRecently_ranksBelowEqualIdleOne() {
    TestCandidate loaded = parent("loaded:1", 50);
    for (int i = 0; i < 8; i++) {
      loaded.children.add(0, 1_000);
    }

    assertEquals(List.of("idle:1", "loaded:1"), ranked(child(), loaded, parent("idle:1", 50)));
  }

  @Test
  void select_handOutFaded_countsNoMore() {
    TestCandidate once = parent("once:1", 50);
    once.children.add(-60_000, 1_000);

    assertEquals(List.of("once:1", "fewer:1"), ranked(child(), once, parent("fewer:1", 40)));
  }

  @Test
  void select_chosenParents_countedAsHandedOut() {
    TestCandidate a = parent("a:1", 50);
    TestCandidate b = parent("b:1", 50);

    ranked(child(), a, b);

    assertEquals(1, a.children.at(0, 1_000), 1e-9);
    assertEquals(1, b.children.at(0, 1_000), 1e-9);
  }

  @Test
  void select_repeatedDecisionsAmongEqualParents_spreadChildren() {
    List<TestCandidate> peers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      peers.add(parent("p" + i + ":1", 50));
    }
    TestCandidate child = child();
    peers.add(child);

    for (int decision = 0; decision < 8; decision++) {
      selector.select(child, peers, PIECES, 0, 0);
    }

    for (int i = 0; i < 8; i++) {
      assertEquals(4, peers.get(i).children.at(0, 1_000), 1e-9);
    }
  }

  @Test
  void select_seedOtherwiseEqual_ranksBelowPeer() {
    TestCandidate seed = parent("seed:1", 50);
    seed.seed = true;

    assertEquals(List.of("peer:1", "seed:1"), ranked(child(), seed, parent("peer:1", 50)));
  }

  @Test
  void select_failuresReportedInTask_ranksLower() {
    TestCandidate flaky = parent("flaky:1", 50);
    flaky.failures = 2;

    assertEquals(List.of("a:1", "flaky:1"), ranked(child(), flaky, parent("a:1", 50)));
  }

  @Test
  void select_blockedOrAvoidedParents_excluded() {
    TestCandidate blocked = parent("blocked:1", 90);
    blocked.usable = false;
    TestCandidate avoided = parent("avoided:1", 90);
    TestCandidate child = child();
    child.avoided.add(avoided.host());

    assertEquals(List.of("ok:1"), ranked(child, blocked, avoided, parent("ok:1", 5)));
  }

  @Test
  void select_heartbeatShowedNoFreeSlot_stillOfferedBelowFreeOne() {
    TestCandidate busy =
        parent("busy:1", 50).beat(TestCandidate.beat(0, 4, 0.8, 32L << 20, "", ""));

    assertEquals(List.of("free:1", "busy:1"), ranked(child(), busy, parent("free:1", 50)));
  }

  @Test
  void select_parentWithNothingTheChildLacks_excluded() {
    TestCandidate child = new TestCandidate("child:1", PIECES, 0, 50);

    assertEquals(List.of(), ranked(child, parent("a:1", 50)));
  }

  @Test
  void select_manyUsefulPeers_returnsMaxParentsBestFirst() {
    List<TestCandidate> peers = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      peers.add(parent("p" + i + ":1", i * 5));
    }
    TestCandidate child = child();
    peers.add(child);

    List<ParentSelector.Ranked> ranked = selector.select(child, peers, PIECES, 7, 0);

    assertEquals(4, ranked.size());
    assertEquals("p20:1", ranked.get(0).parent().host().value());
    for (int i = 1; i < ranked.size(); i++) {
      assertTrue(ranked.get(i - 1).score() >= ranked.get(i).score());
    }
  }

  @Test
  void sharedParts_locations_countsLeadingMatches() {
    assertEquals(2, ParentSelector.sharedParts("eu|fra|r1", "eu|fra|r2"));
    assertEquals(3, ParentSelector.sharedParts("eu|fra|r1", "eu|fra|r1"));
    assertEquals(0, ParentSelector.sharedParts("eu|fra", "us|fra"));
    assertEquals(1, ParentSelector.sharedParts("eu", "eu|fra"));
    assertEquals(0, ParentSelector.sharedParts("", "eu"));
  }
}
