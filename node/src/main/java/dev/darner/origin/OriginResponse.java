package dev.darner.origin;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * An answer from an origin whose body is on its way.
 *
 * <p>The body holds a connection to the origin: the caller must run it to the end or cancel it, and
 * start doing so within the idle timeout, or the connection is closed under it. It can be run once
 * only. It fails with an {@link OriginException} of kind {@code TRUNCATED} or {@code TIMEOUT} when
 * the origin stops before sending all it promised.
 *
 * @param resource what the origin said about the content
 * @param offset the position in the content of the body's first byte
 * @param body the bytes from {@code offset} on
 */
public record OriginResponse(
    OriginResource resource, long offset, Source<ByteString, NotUsed> body) {}
