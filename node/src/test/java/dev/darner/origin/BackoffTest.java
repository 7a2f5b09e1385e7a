package dev.darner.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration MIN = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(1);

  @Test
  void pauseAfter_successiveAttemptsWithoutJitter_doubleUpToMaximum() {
    Backoff backoff = new Backoff(MIN, MAX, () -> 0.0);

    Duration first = backoff.pauseAfter(1, Optional.empty());
    Duration third = backoff.pauseAfter(3, Optional.empty());
    Duration tenth = backoff.pauseAfter(10, Optional.empty());

    assertEquals(Duration.ofMillis(100), first);
    assertEquals(Duration.ofMillis(400), third);
    assertEquals(MAX, tenth);
  }

  @Test
  void pauseAfter_fullJitter_stretchesByTwentyPercent() {
    Backoff backoff = new Backoff(MIN, MAX, () -> 1.0);

    Duration second = backoff.pauseAfter(2, Optional.empty());

    assertEquals(Duration.ofMillis(240), second);
  }

  @Test
  void pauseAfter_originAsksLongerThanMaximum_waitsMaximum() {
    Backoff backoff = new Backoff(MIN, MAX, () -> 0.0);

    Duration pause = backoff.pauseAfter(1, Optional.of(Duration.ofSeconds(30)));

    assertEquals(MAX, pause);
  }

  @Test
  void pauseAfter_originAsksLongerThanBackoff_waitsAsAsked() {
    Backoff backoff = new Backoff(MIN, MAX, () -> 0.0);

    Duration pause = backoff.pauseAfter(1, Optional.of(Duration.ofMillis(500)));

    assertEquals(Duration.ofMillis(500), pause);
  }
}
