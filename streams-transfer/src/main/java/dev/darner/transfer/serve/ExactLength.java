package dev.darner.transfer.serve;

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
import org.apache.pekko.util.ByteString;

/**
 * Holds a piece's byte stream to the length its header announced. A stream that runs longer or
 * shorter fails, because after a header the child counts bytes to find the next answer.
 */
final class ExactLength extends GraphStage<FlowShape<ByteString, ByteString>> {

  private final Inlet<ByteString> in = Inlet.create("ExactLength.in");
  private final Outlet<ByteString> out = Outlet.create("ExactLength.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final long length;

  private ExactLength(long length) {
    this.length = length;
  }

  /** Returns a flow that fails unless exactly {@code length} bytes pass. */
  static Flow<ByteString, ByteString, NotUsed> checking(long length) {
    return Flow.fromGraph(new ExactLength(length));
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private long remaining = length;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString chunk = grab(in);
                if (chunk.size() <= remaining) {
                  remaining -= chunk.size();
                  push(out, chunk);
                } else {
                  failStage(new IllegalStateException(mismatch("more")));
                }
              }

              @Override
              public void onUpstreamFinish() {
                if (remaining == 0) {
                  completeStage();
                } else {
                  failStage(new IllegalStateException(mismatch("fewer")));
                }
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(in);
              }
            });
      }
    };
  }

  private String mismatch(String moreOrFewer) {
    return "piece source sent " + moreOrFewer + " bytes than the " + length + " announced";
  }
}
