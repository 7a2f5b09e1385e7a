package dev.darner.transfer.limit;

import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Passes bytes on no faster than a {@link TokenBucket} allows, the bucket being shared with other
 * streams. Pekko's {@code throttle} cannot do this: its bucket belongs to one stream.
 *
 * <p>An element larger than the bucket's burst is passed on in burst-sized slices (slicing shares
 * the bytes, it does not copy them), so that one large element does not stall every other stream on
 * the bucket for seconds at a time.
 */
public final class SharedThrottle extends GraphStage<FlowShape<ByteString, ByteString>> {

  private final Inlet<ByteString> in = Inlet.create("SharedThrottle.in");
  private final Outlet<ByteString> out = Outlet.create("SharedThrottle.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final TokenBucket bucket;

  private SharedThrottle(TokenBucket bucket) {
    this.bucket = bucket;
  }

  /** Returns a flow that waits on {@code bucket} before passing bytes on. */
  public static Flow<ByteString, ByteString, NotUsed> flow(TokenBucket bucket) {
    return Flow.fromGraph(new SharedThrottle(bucket));
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  private final class Logic extends TimerGraphStageLogic {

    private final int sliceSize = (int) Math.min(Integer.MAX_VALUE, bucket.burstBytes());
    private ByteString pending = ByteString.emptyByteString();
    private ByteString due;

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              pending = grab(in);
              sendNextSlice();
            }

            @Override
            public void onUpstreamFinish() {
              if (pending.isEmpty() && due == null) {
                completeStage();
              }
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (due == null && !isTimerActive("due")) {
                sendNextSlice();
              }
            }
          });
    }

    @Override
    public void onTimer(Object key) {
      push(out, due);
      due = null;
      afterPush();
    }

    private void sendNextSlice() {
      if (pending.isEmpty()) {
        pullOrComplete();
        return;
      }
      if (!isAvailable(out)) {
        return;
      }
      int size = Math.min(sliceSize, pending.size());
      ByteString slice = pending.take(size);
      pending = pending.drop(size);
      long waitNanos = bucket.take(size);
      if (waitNanos == 0) {
        push(out, slice);
        afterPush();
      } else {
        due = slice;
        scheduleOnce("due", Duration.ofNanos(waitNanos));
      }
    }

    private void afterPush() {
      if (pending.isEmpty()) {
        pullOrComplete();
      }
    }

    private void pullOrComplete() {
      if (isClosed(in)) {
        completeStage();
      } else if (!hasBeenPulled(in)) {
        pull(in);
      }
    }
  }
}
