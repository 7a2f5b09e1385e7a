package dev.darner.origin;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Turns an origin's final (non-redirect) response into an {@link OriginResponse}, checking it
 * against the range that was asked, or into an {@link OriginException} after releasing its body.
 */
final class ResponseReader {

  /** Bodies up to this size are read and dropped so their connection stays usable. */
  private static final long DISCARDABLE_BYTES = 64 * 1024;

  private final Materializer materializer;
  private final Duration idleTimeout;

  ResponseReader(Materializer materializer, Duration idleTimeout) {
    this.materializer = materializer;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Returns the usable answer in {@code response} to a request for {@code range} of {@code url}.
   *
   * @throws OriginException when the status or the range sent cannot be used
   */
  OriginResponse read(HttpResponse response, URI url, RequestedRange range) {
    int status = response.status().intValue();
    if (status == 200) {
      return whole(response, url, range);
    }
    if (status == 206) {
      return partial(response, url, range);
    }
    release(response);
    if (status == 416) {
      Optional<ServedRange> served = contentRange(response);
      if (served.isPresent() && served.get().total() == range.offset()) {
        return endOfContent(response, url, range.offset());
      }
    }
    throw OriginException.forStatus(url, status, response.status().reason(), retryAfter(response));
  }

  /**
   * Lets go of {@code response}'s body: a small one is read and dropped so its connection can serve
   * the next request, a large or unknown one is cancelled, which closes its connection.
   */
  void release(HttpResponse response) {
    HttpEntity entity = response.entity();
    OptionalLong length = entity.getContentLengthOption();
    if (length.isPresent() && length.getAsLong() <= DISCARDABLE_BYTES) {
      entity.discardBytes(materializer);
    } else {
      entity.getDataBytes().runWith(Sink.cancelled(), materializer);
    }
  }

  private OriginResponse whole(HttpResponse response, URI url, RequestedRange range) {
    HttpEntity entity = response.entity();
    OptionalLong length = entity.getContentLengthOption();
    boolean acceptsRanges = range.isWhole() && advertisesRanges(response);
    OriginResource resource = resource(response, url, length, acceptsRanges);
    long expected = length.orElse(-1);
    return new OriginResponse(resource, 0, guarded(entity, url, expected, -1));
  }

  private OriginResponse partial(HttpResponse response, URI url, RequestedRange range) {
    Optional<ServedRange> parsed = contentRange(response).filter(ServedRange::isSatisfied);
    if (parsed.isEmpty()) {
      release(response);
      throw OriginException.badResponse(url, 206, "206 without a valid Content-Range");
    }
    ServedRange served = parsed.get();
    if (served.first() != range.offset()) {
      release(response);
      throw OriginException.badResponse(
          url,
          206,
          "sent bytes " + served.first() + "-" + served.last() + " when asked for " + range);
    }
    long limit = range.isOpenEnded() ? served.length() : Math.min(range.length(), served.length());
    OriginResource resource = resource(response, url, served.totalLength(), true);
    Source<ByteString, NotUsed> body = guarded(response.entity(), url, served.length(), limit);
    return new OriginResponse(resource, served.first(), body);
  }

  private OriginResponse endOfContent(HttpResponse response, URI url, long length) {
    OriginResource resource = resource(response, url, OptionalLong.of(length), true);
    return new OriginResponse(resource, length, Source.empty());
  }

  private Source<ByteString, NotUsed> guarded(
      HttpEntity entity, URI url, long expected, long limit) {
    return entity
        .withoutSizeLimit()
        .getDataBytes()
        .via(new BodyGuard(url, expected, limit, idleTimeout))
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }

  private static OriginResource resource(
      HttpResponse response, URI url, OptionalLong length, boolean acceptsRanges) {
    var contentType = response.entity().getContentType();
    Optional<String> type =
        contentType.equals(ContentTypes.NO_CONTENT_TYPE)
            ? Optional.empty()
            : Optional.of(contentType.toString());
    return new OriginResource(
        url,
        length,
        acceptsRanges,
        type,
        response.getHeader("ETag").map(HttpHeader::value),
        response.getHeader("Last-Modified").map(HttpHeader::value));
  }

  private static boolean advertisesRanges(HttpResponse response) {
    return response
        .getHeader("Accept-Ranges")
        .map(header -> header.value().toLowerCase(Locale.ROOT).contains("bytes"))
        .orElse(false);
  }

  private static Optional<ServedRange> contentRange(HttpResponse response) {
    return response.getHeader("Content-Range").flatMap(header -> ServedRange.parse(header.value()));
  }

  /** Returns the pause asked by {@code Retry-After} in seconds; dates are not honored. */
  private static Optional<Duration> retryAfter(HttpResponse response) {
    return response
        .getHeader("Retry-After")
        .map(HttpHeader::value)
        .map(String::trim)
        .filter(value -> value.matches("\\d{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)));
  }
}
