package dev.darner.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecentChildrenTest {

  @Test
  void at_nothingHandedOut_isZero() {
    assertEquals(0, new RecentChildren().at(5_000, 1_000));
  }

  @Test
  void at_oneDecayIntervalLater_fadesByE() {
    RecentChildren children = new RecentChildren();
    children.add(0, 1_000);
    children.add(0, 1_000);

    double later = children.at(1_000, 1_000);

    assertEquals(2 / Math.E, later, 1e-9);
  }

  @Test
  void add_afterFading_addsToTheFadedCount() {
    RecentChildren children = new RecentChildren();
    children.add(0, 1_000);

    children.add(1_000, 1_000);

    assertEquals(1 + 1 / Math.E, children.at(1_000, 1_000), 1e-9);
  }
}
