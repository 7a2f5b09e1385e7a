package dev.darner.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.darner.task.Digest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/download?url=…[&digest=sha256:…][&tag=…][&filter=a,b]}: streams the content in
 * order as its pieces arrive, or the single range a {@code Range} header asks for with 206, for
 * which the node fetches only the pieces the range covers.
 *
 * <p>The client's headers, credentials among them, are handed to the node to forward to the origin;
 * the origin client drops the ones that must not travel (hop-by-hop, Host, Range).
 */
public final class DownloadRoutes extends AllDirectives {

  private final DownloadService downloads;

  private DownloadRoutes(DownloadService downloads) {
    this.downloads = downloads;
  }

  /** Returns the download routes, served by {@code downloads}. */
  public static Route create(DownloadService downloads) {
    return new DownloadRoutes(downloads).route();
  }

  private Route route() {
    return path(
        segment("api").slash("v1").slash("download"),
        () -> {
          Route download = extractRequest(request -> completeWithFuture(download(request)));
          return concat(get(() -> download), head(() -> download));
        });
  }

  private CompletionStage<HttpResponse> download(HttpRequest request) {
    Query query = request.getUri().query();
    DownloadRequest wanted =
        new DownloadRequest(
            query.get("url").orElseThrow(() -> missing("url")),
            query.get("digest").map(DownloadRoutes::parseDigest),
            forwardable(request),
            query.get("tag").orElse(""),
            query.get("filter").map(DownloadRoutes::names).orElse(List.of()));
    Optional<String> range = request.getHeader("Range").map(HttpHeader::value);
    CompletionStage<Download> opened =
        range.isPresent() ? downloads.openForRange(wanted) : downloads.open(wanted);
    return opened
        .thenApply(download -> ContentResponses.of(download, range))
        .exceptionally(Failures::response);
  }

  private static List<HttpHeader> forwardable(HttpRequest request) {
    return java.util.stream.StreamSupport.stream(request.getHeaders().spliterator(), false)
        .filter(h -> !h.is("range") && !h.is("host"))
        .toList();
  }

  private static DownloadFailure missing(String parameter) {
    return new DownloadFailure(
        DownloadFailure.Kind.BAD_REQUEST, "query parameter '" + parameter + "' is required");
  }

  private static List<String> names(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(n -> !n.isEmpty())
        .toList();
  }

  private static Digest parseDigest(String text) {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DownloadFailure(DownloadFailure.Kind.BAD_REQUEST, e.getMessage());
    }
  }
}
