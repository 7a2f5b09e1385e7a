package dev.darner.api;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Answers a read of a {@link Download}: the whole content with 200, or the single range a {@code
 * Range} header asks for with 206. Shared by the download API, the registry mirror and the proxy,
 * so that all three stream from the store the same way.
 */
public final class ContentResponses {

  private ContentResponses() {}

  /**
   * Returns the answer that streams {@code download}, or the range {@code rangeHeader} asks for; a
   * range outside the content is answered with 416 and the content's length.
   */
  public static HttpResponse of(Download download, Optional<String> rangeHeader) {
    long total = download.contentLength();
    ContentType type =
        download
            .contentType()
            .flatMap(ContentResponses::parseContentType)
            .orElse(ContentTypes.APPLICATION_OCTET_STREAM);
    HttpResponse base =
        HttpResponse.create()
            .addHeader(RawHeader.create("Accept-Ranges", "bytes"))
            .addHeader(RawHeader.create("X-Darner-Task-Id", download.taskId().hex()));
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(rangeHeader, total);
    } catch (DownloadFailure unsatisfiable) {
      return Failures.response(unsatisfiable)
          .addHeader(RawHeader.create("Content-Range", "bytes */" + total));
    }
    if (range.isEmpty()) {
      return base.withEntity(HttpEntities.create(type, total, download.read(0, total)));
    }
    ByteRange r = range.get();
    return base.withStatus(StatusCodes.PARTIAL_CONTENT)
        .addHeader(RawHeader.create("Content-Range", r.contentRange(total)))
        .withEntity(HttpEntities.create(type, r.length(), download.read(r.first(), r.length())));
  }

  /** Returns the media type {@code value} names, or empty when it is not one. */
  public static Optional<ContentType> parseContentType(String value) {
    try {
      return Optional.of(ContentTypes.parse(value));
    } catch (IllegalArgumentException unparseable) {
      return Optional.empty();
    }
  }
}
