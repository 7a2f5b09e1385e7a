package dev.darner.simulation;

import java.util.Arrays;

/**
 * The pending events of a run in time order, as a binary heap over primitive arrays so that the
 * millions of piece transfers of a large run allocate nothing per event. An event is a time and a
 * {@code long} payload; events due at the same time come out in the order they went in, which keeps
 * a run deterministic.
 */
final class EventQueue {

  private double[] times = new double[1024];
  private long[] orders = new long[1024];
  private long[] payloads = new long[1024];
  private int size;
  private long nextOrder;
  private double lastTime;

  /** Adds an event with {@code payload} due at {@code time}. */
  void push(double time, long payload) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      orders = Arrays.copyOf(orders, size * 2);
      payloads = Arrays.copyOf(payloads, size * 2);
    }
    int at = size++;
    long order = nextOrder++;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (!before(time, order, times[parent], orders[parent])) {
        break;
      }
      move(parent, at);
      at = parent;
    }
    times[at] = time;
    orders[at] = order;
    payloads[at] = payload;
  }

  /** Returns whether no event is pending. */
  boolean isEmpty() {
    return size == 0;
  }

  /**
   * Removes the earliest event and returns its payload; {@link #lastTime()} tells when it was due.
   */
  long pop() {
    long payload = payloads[0];
    lastTime = times[0];
    size--;
    double time = times[size];
    long order = orders[size];
    long moving = payloads[size];
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size
          && before(times[child + 1], orders[child + 1], times[child], orders[child])) {
        child++;
      }
      if (!before(times[child], orders[child], time, order)) {
        break;
      }
      move(child, at);
      at = child;
    }
    times[at] = time;
    orders[at] = order;
    payloads[at] = moving;
    return payload;
  }

  /** Returns when the event {@link #pop()} returned last was due. */
  double lastTime() {
    return lastTime;
  }

  /** Returns how many events are pending. */
  int size() {
    return size;
  }

  private void move(int from, int to) {
    times[to] = times[from];
    orders[to] = orders[from];
    payloads[to] = payloads[from];
  }

  private static boolean before(double t1, long o1, double t2, long o2) {
    return t1 < t2 || (t1 == t2 && o1 < o2);
  }
}
