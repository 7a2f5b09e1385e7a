package dev.darner.transfer.fetch;

import dev.darner.task.HostId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.stage.AsyncCallback;

/**
 * The client's handle on one connection to a parent; the connection itself runs as a {@link
 * ParentConnectionStage}.
 *
 * <p>Once closed, a handle takes no more requests and the client opens a new connection. The handle
 * closes for idleness only while no request is on its way, so that no request is lost to a
 * connection that has just decided to close.
 */
final class ParentConnection {

  /** Asks the stage to close the connection now. */
  enum Close {
    INSTANCE
  }

  /** Tells the stage that the TCP (and TLS) connection is established. */
  enum Connected {
    INSTANCE
  }

  private final HostId parent;
  private AsyncCallback<Object> commands;
  private int unanswered;
  private boolean closed;
  private volatile boolean connected;

  ParentConnection(HostId parent) {
    this.parent = parent;
  }

  /** Returns the parent this connection leads to. */
  HostId parent() {
    return parent;
  }

  /** Connects the handle to the stage that carries out its commands; called once, by the stage. */
  synchronized void attach(AsyncCallback<Object> commands) {
    this.commands = commands;
  }

  /**
   * Passes {@code fetch} to the connection. The returned stage fails when the connection is closed
   * or stopped before it took the request; the fetch is then untouched and may go elsewhere.
   */
  synchronized CompletionStage<Done> offer(PendingFetch fetch) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
    }
    unanswered++;
    fetch.result().whenComplete((piece, failure) -> answered());
    return commands.invokeWithFeedbackCompletionStage(fetch);
  }

  /** Closes the connection, failing the requests on it with {@link ParentFailure.Kind#CLOSED}. */
  void close() {
    AsyncCallback<Object> toStage;
    synchronized (this) {
      closed = true;
      toStage = commands;
    }
    toStage.invoke(Close.INSTANCE);
  }

  /** Returns whether the connection still takes requests. */
  synchronized boolean isOpen() {
    return !closed;
  }

  /** Closes the handle if no request is unanswered, and returns whether it did. */
  synchronized boolean tryCloseIdle() {
    if (unanswered == 0) {
      closed = true;
    }
    return closed;
  }

  /** Marks the handle closed because its stage stopped. */
  synchronized void markClosed() {
    closed = true;
  }

  /** Records that the TCP (and TLS) connection was established, and tells the stage. */
  void markConnected() {
    connected = true;
    AsyncCallback<Object> toStage;
    synchronized (this) {
      toStage = commands;
    }
    toStage.invoke(Connected.INSTANCE);
  }

  /** Returns whether the TCP (and TLS) connection was ever established. */
  boolean wasConnected() {
    return connected;
  }

  private synchronized void answered() {
    unanswered--;
  }
}
