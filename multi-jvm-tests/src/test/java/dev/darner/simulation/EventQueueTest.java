package dev.darner.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void pop_randomTimes_comeOutInTimeOrder() {
    EventQueue queue = new EventQueue();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 5_000; i++) {
      queue.push(random.nextDouble(), i);
    }

    double last = -1;
    while (!queue.isEmpty()) {
      queue.pop();
      assertTrue(queue.lastTime() >= last);
      last = queue.lastTime();
    }
  }

  @Test
  void pop_equalTimes_comeOutInInsertionOrder() {
    EventQueue queue = new EventQueue();
    for (int i = 0; i < 100; i++) {
      queue.push(1.0, i);
    }

    for (int i = 0; i < 100; i++) {
      assertEquals(i, queue.pop());
    }
  }
}
