package dev.darner.transfer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final TokenBucket bucket = TokenBucket.create(1000, 100, clock::get);

  @Test
  void take_withinBurst_needsNoWait() {
    long wait = bucket.take(100);

    assertEquals(0, wait);
  }

  @Test
  void take_beyondBurst_waitsForTheDebt() {
    bucket.take(100);

    long wait = bucket.take(500);

    assertEquals(500_000_000L, wait);
  }

  @Test
  void take_afterAnotherTakerWentIntoDebt_waitsForBothDebts() {
    bucket.take(600);

    long wait = bucket.take(100);

    assertEquals(600_000_000L, wait);
  }

  @Test
  void take_afterLongIdleness_isLimitedToOneBurst() {
    clock.addAndGet(60_000_000_000L);

    long wait = bucket.take(300);

    assertEquals(200_000_000L, wait);
  }

  @Test
  void take_afterRefill_usesEarnedTokens() {
    bucket.take(100);
    clock.addAndGet(50_000_000L);

    long wait = bucket.take(50);

    assertEquals(0, wait);
  }

  @Test
  void create_zeroRate_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> TokenBucket.create(0, 1, clock::get));
  }
}
