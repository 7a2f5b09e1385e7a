package dev.darner.api.proxy;

import dev.darner.api.ContentResponses;
import dev.darner.api.Download;
import dev.darner.api.DownloadFailure;
import dev.darner.api.DownloadRequest;
import dev.darner.api.DownloadService;
import dev.darner.api.Failures;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Answers requests sent to the node as to an HTTP proxy, that is with an absolute URL as their
 * target: a GET whose URL matches a rule of {@link ProxySettings} is served peer-to-peer, with
 * range reads fetching only the pieces they cover; every other request passes through to its server
 * as it is, and its answer comes back as it is.
 *
 * <p>Requests with an ordinary path are left to the node's other routes. Telling the two apart
 * needs the {@code Raw-Request-URI} header, which the server adds when {@code
 * pekko.http.server.raw-request-uri-header} is on; clients must be on this host unless the settings
 * allow others, so that the node is not an open proxy. {@code CONNECT} never reaches these routes:
 * {@link ProxyFront} tunnels it.
 */
public final class ProxyRoutes extends AllDirectives {

  private final DownloadService downloads;
  private final UpstreamClient upstream;
  private final ProxySettings settings;

  private ProxyRoutes(DownloadService downloads, UpstreamClient upstream, ProxySettings settings) {
    this.downloads = downloads;
    this.upstream = upstream;
    this.settings = settings;
  }

  /** Returns the proxy routes, serving rule-matching URLs through {@code downloads}. */
  public static Route create(
      DownloadService downloads, UpstreamClient upstream, ProxySettings settings) {
    return new ProxyRoutes(downloads, upstream, settings).route();
  }

  private Route route() {
    return optionalHeaderValueByName(
        "Raw-Request-URI",
        raw -> {
          Optional<String> absolute = raw.filter(ProxyRoutes::isAbsolute);
          if (absolute.isEmpty()) {
            return reject();
          }
          return extractClientIP(
              client ->
                  extractRequest(
                      request -> completeWithFuture(proxy(request, absolute.get(), client))));
        });
  }

  private CompletionStage<HttpResponse> proxy(
      HttpRequest request, String url, RemoteAddress client) {
    if (!settings.enabled()) {
      throw new DownloadFailure(DownloadFailure.Kind.FORBIDDEN, "this node is not a proxy");
    }
    if (!settings.remoteClients() && !isLoopback(client)) {
      throw new DownloadFailure(
          DownloadFailure.Kind.FORBIDDEN,
          "this node proxies for its own host only (darner.proxy.remote-clients is off)");
    }
    if (request.method().equals(HttpMethods.GET) && settings.goesPeerToPeer(url)) {
      return peerToPeer(request, url);
    }
    HttpRequest out =
        HttpRequest.create(url)
            .withMethod(request.method())
            .withHeaders(HopByHop.strip(request.getHeaders()))
            .withEntity(request.entity());
    return upstream
        .send(out)
        .thenApply(answer -> answer.withHeaders(HopByHop.strip(answer.getHeaders())))
        .exceptionally(Failures::response);
  }

  private CompletionStage<HttpResponse> peerToPeer(HttpRequest request, String url) {
    Optional<String> range = request.getHeader("Range").map(HttpHeader::value);
    List<HttpHeader> headers =
        HopByHop.strip(request.getHeaders()).stream().filter(h -> !h.is("range")).toList();
    DownloadRequest wanted = new DownloadRequest(url, Optional.empty(), headers, "", List.of());
    CompletionStage<Download> opened =
        range.isPresent() ? downloads.openForRange(wanted) : downloads.open(wanted);
    return opened
        .thenApply(download -> ContentResponses.of(download, range))
        .exceptionally(Failures::response);
  }

  private static boolean isAbsolute(String target) {
    return target.regionMatches(true, 0, "http://", 0, 7)
        || target.regionMatches(true, 0, "https://", 0, 8);
  }

  private static boolean isLoopback(RemoteAddress client) {
    return client.getAddress().map(InetAddress::isLoopbackAddress).orElse(false);
  }
}
