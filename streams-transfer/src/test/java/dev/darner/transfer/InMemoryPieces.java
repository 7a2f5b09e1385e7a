package dev.darner.transfer;

import dev.darner.task.TaskId;
import dev.darner.transfer.serve.LocalPieces;
import dev.darner.transfer.serve.ServablePiece;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A piece store in memory for tests: the pieces put in it, and a count of pieces opened. */
public final class InMemoryPieces implements LocalPieces {

  private record Key(TaskId task, int index) {}

  private final Map<Key, ServablePiece> pieces = new ConcurrentHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();

  /** Holds {@code piece} as piece {@code index} of {@code task}. */
  public InMemoryPieces put(TaskId task, int index, ServablePiece piece) {
    pieces.put(new Key(task, index), piece);
    return this;
  }

  @Override
  public Optional<ServablePiece> open(TaskId task, int index) {
    opened.incrementAndGet();
    return Optional.ofNullable(pieces.get(new Key(task, index)));
  }

  /** Returns how many times a piece was asked for. */
  public int opened() {
    return opened.get();
  }
}
