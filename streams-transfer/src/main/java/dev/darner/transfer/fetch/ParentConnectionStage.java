package dev.darner.transfer.fetch;

import dev.darner.transfer.TransferSettings;
import dev.darner.transfer.fetch.ParentFailure.Kind;
import dev.darner.transfer.wire.FrameException;
import dev.darner.transfer.wire.Frames;
import dev.darner.transfer.wire.ResponseDecoder;
import java.time.Duration;
import java.util.ArrayDeque;
import javax.net.ssl.SSLException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import scala.Tuple2;

/**
 * One connection to a parent, from the child's side: it sends the requests offered through its
 * {@link ParentConnection} handle as soon as the socket takes them (pipelining), decodes the
 * answers, and completes each request's future.
 *
 * <p>Its inlet takes the bytes from the parent, its outlet gives the bytes to send. It watches for
 * a stall (no byte for the stall timeout while a request is outstanding), which fails every request
 * on the connection and closes it, and for idleness, which closes it quietly.
 */
final class ParentConnectionStage
    extends GraphStageWithMaterializedValue<FlowShape<ByteString, ByteString>, ParentConnection> {

  private static final String TICK = "tick";

  private final Inlet<ByteString> in = Inlet.create("ParentConnection.in");
  private final Outlet<ByteString> out = Outlet.create("ParentConnection.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final ParentConnection handle;
  private final TransferSettings.Client settings;

  ParentConnectionStage(ParentConnection handle, TransferSettings.Client settings) {
    this.handle = handle;
    this.settings = settings;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public Tuple2<GraphStageLogic, ParentConnection> createLogicAndMaterializedValue(
      Attributes attributes) {
    Logic logic = new Logic();
    handle.attach(logic.commands);
    return new Tuple2<>(logic, handle);
  }

  private final class Logic extends TimerGraphStageLogic {

    final AsyncCallback<Object> commands = createAsyncCallback(this::onCommand);
    private final ArrayDeque<PendingFetch> unsent = new ArrayDeque<>();
    private final AnswerMatcher matcher = new AnswerMatcher(handle.parent());
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final long stallNanos = settings.stallTimeout().toNanos();
    private final long idleNanos = settings.idleTimeout().toNanos();
    private long lastProgress = System.nanoTime();
    private boolean connected;
    private boolean closing;

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              lastProgress = System.nanoTime();
              try {
                decoder.feed(grab(in), matcher);
              } catch (FrameException e) {
                stop(Kind.CORRUPT, "broke the protocol: " + e.getMessage(), e);
                return;
              }
              pull(in);
            }

            @Override
            public void onUpstreamFinish() {
              stop(Kind.CLOSED, "closed the connection", null);
            }

            @Override
            public void onUpstreamFailure(Throwable cause) {
              stop(failureKind(cause), "connection failed: " + cause.getMessage(), cause);
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              sendUnsent();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              stop(failureKind(cause), "connection closed while sending", cause);
            }
          });
    }

    @Override
    public void preStart() {
      pull(in);
      long tick = Math.max(10_000_000L, Math.min(stallNanos, idleNanos) / 4);
      scheduleWithFixedDelay(TICK, Duration.ofNanos(tick), Duration.ofNanos(tick));
    }

    @Override
    public void onTimer(Object key) {
      long now = System.nanoTime();
      if (closing) {
        return;
      }
      boolean waiting = !unsent.isEmpty() || !matcher.allAnswered();
      if (waiting && now - lastProgress > stallNanos) {
        stop(Kind.STALLED, "sent nothing for " + settings.stallTimeout(), null);
      } else if (!waiting && now - lastProgress > idleNanos && handle.tryCloseIdle()) {
        completeStage();
      }
    }

    @Override
    public void postStop() {
      handle.markClosed();
      failOutstanding(Kind.CLOSED, "connection stopped", null);
    }

    private void onCommand(Object command) {
      if (command == ParentConnection.Connected.INSTANCE) {
        connected = true;
        if (closing) {
          completeStage();
        }
      } else if (closing) {
        if (command instanceof PendingFetch fetch) {
          fetch
              .result()
              .completeExceptionally(
                  new ParentFailure(handle.parent(), Kind.CLOSED, "connection closing"));
        }
      } else if (command instanceof PendingFetch fetch) {
        if (unsent.isEmpty() && matcher.allAnswered()) {
          lastProgress = System.nanoTime();
        }
        unsent.add(fetch);
        sendUnsent();
      } else {
        stop(Kind.CLOSED, "connection closed by this host", null);
      }
    }

    /** Sends every request not yet sent as one element, fewer elements being cheaper. */
    private void sendUnsent() {
      if (unsent.isEmpty() || !isAvailable(out)) {
        return;
      }
      ByteStringBuilder requests = ByteString.newBuilder();
      while (!unsent.isEmpty()) {
        PendingFetch fetch = unsent.poll();
        ExpectedPiece expected = fetch.expected();
        requests.append(Frames.request(fetch.requestId(), expected.task(), expected.index()));
        matcher.sent(fetch);
      }
      push(out, requests.result());
    }

    private void stop(Kind kind, String message, Throwable cause) {
      handle.markClosed();
      failOutstanding(kind, message, cause);
      if (connected || isClosed(in)) {
        completeStage();
      } else {
        closing = true;
      }
    }

    private void failOutstanding(Kind kind, String message, Throwable cause) {
      matcher.failAll(kind, message, cause);
      while (!unsent.isEmpty()) {
        unsent
            .poll()
            .result()
            .completeExceptionally(new ParentFailure(handle.parent(), kind, message, cause));
      }
    }

    private Kind failureKind(Throwable cause) {
      if (!handle.wasConnected() || causedBy(cause, SSLException.class)) {
        return Kind.UNREACHABLE;
      }
      return Kind.CLOSED;
    }
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
