package dev.darner.origin;

import java.net.URI;
import java.time.Duration;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Watches a response body on its way to the caller: passes at most {@code limit} bytes, fails with
 * {@code TRUNCATED} when the body ends before {@code expected} bytes, and turns the client's
 * failures into {@link OriginException}s that say how far the body got.
 */
final class BodyGuard extends GraphStage<FlowShape<ByteString, ByteString>> {

  private final Inlet<ByteString> in = Inlet.create("BodyGuard.in");
  private final Outlet<ByteString> out = Outlet.create("BodyGuard.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final URI url;
  private final long expected;
  private final long limit;
  private final Duration idleTimeout;

  /**
   * Creates a guard.
   *
   * @param url the URL the body comes from, for messages
   * @param expected how many bytes the origin promised, or -1 when it did not say
   * @param limit how many bytes to pass at most, or -1 for all
   * @param idleTimeout the idle timeout, for the message when it strikes
   */
  BodyGuard(URI url, long expected, long limit, Duration idleTimeout) {
    this.url = url;
    this.expected = expected;
    this.limit = limit;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private long received;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                passOn(grab(in));
              }

              @Override
              public void onUpstreamFinish() {
                if (expected >= 0 && received < expected) {
                  failStage(OriginException.truncated(url, received, expected, null));
                } else {
                  completeStage();
                }
              }

              @Override
              public void onUpstreamFailure(Throwable failure) {
                failStage(translate(failure, received));
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

      private void passOn(ByteString chunk) {
        long room = limit < 0 ? Long.MAX_VALUE : limit - received;
        // At exactly the limit, a body that was promised to end there completes by itself; ending
        // it here instead would cancel it and cost the pooled connection.
        boolean overflows = chunk.size() > room || (chunk.size() == room && expected != limit);
        if (!overflows) {
          received += chunk.size();
          push(out, chunk);
          return;
        }
        received += room;
        push(out, chunk.take((int) room));
        completeStage();
      }
    };
  }

  private OriginException translate(Throwable failure, long received) {
    Throwable cause = Failures.unwrap(failure);
    if (cause instanceof OriginException known) {
      return known;
    }
    if (Failures.isTimeout(cause)) {
      return OriginException.timeout(
          url,
          "no body bytes for " + idleTimeout.toMillis() + " ms after " + received + " bytes",
          cause);
    }
    return OriginException.truncated(url, received, expected, cause);
  }
}
