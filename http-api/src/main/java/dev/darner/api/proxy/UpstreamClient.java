package dev.darner.api.proxy;

import dev.darner.api.DownloadFailure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;

/**
 * Relays requests to upstream servers (registries, the origins behind the proxy) and hands back
 * their answers with the body still streaming.
 *
 * <p>It strips hop-by-hop headers on the way out, and can follow redirects of GET and HEAD itself
 * (the Pekko client does not), dropping {@code Authorization} and {@code Cookie} when a redirect
 * leaves the server, as a blob store behind a registry expects. It uses a pool of its own, so long
 * relayed bodies never hold the slots of the system's default pool, with the pool's retries off so
 * that a registry's request counts stay true.
 */
public final class UpstreamClient {

  private static final int MAX_REDIRECTS = 5;

  private final Http http;
  private final LoggingAdapter clientLog;
  private final ConnectionPoolSettings pool;
  private final Materializer materializer;
  private final Duration responseTimeout;

  private UpstreamClient(ActorSystem<?> system, int maxConnections, Duration responseTimeout) {
    this.http = Http.get(system);
    this.clientLog = system.classicSystem().log();
    this.pool =
        ConnectionPoolSettings.create(system.classicSystem())
            .withMaxConnections(maxConnections)
            .withMaxRetries(0);
    this.materializer = Materializer.matFromSystem(system);
    this.responseTimeout = responseTimeout;
  }

  /**
   * Returns a client on {@code system} keeping up to {@code maxConnections} connections per host
   * and waiting {@code responseTimeout} for each answer's head.
   */
  public static UpstreamClient create(
      ActorSystem<?> system, int maxConnections, Duration responseTimeout) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
    }
    return new UpstreamClient(system, maxConnections, responseTimeout);
  }

  /** Returns the upstream's answer to {@code request}, whose URI is absolute, as it came. */
  public CompletionStage<HttpResponse> send(HttpRequest request) {
    HttpRequest out = request.withHeaders(HopByHop.strip(request.getHeaders()));
    CompletableFuture<HttpResponse> answered =
        http.singleRequest(out, http.defaultClientHttpsContext(), pool, clientLog)
            .toCompletableFuture();
    return answered
        .copy()
        .orTimeout(responseTimeout.toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (response, failure) -> {
              if (failure == null) {
                return response;
              }
              if (dev.darner.api.Failures.unwrap(failure) instanceof TimeoutException) {
                // The answer may still come; its body must not hold the connection.
                answered.thenAccept(late -> late.discardEntityBytes(materializer));
                throw new DownloadFailure(
                    DownloadFailure.Kind.ORIGIN_TIMEOUT,
                    "no answer from "
                        + hostOf(request)
                        + " within "
                        + responseTimeout.toMillis()
                        + " ms");
              }
              throw new DownloadFailure(
                  DownloadFailure.Kind.ORIGIN_UNAVAILABLE,
                  "cannot reach " + hostOf(request) + ": " + rootMessage(failure),
                  failure);
            });
  }

  /**
   * Returns the upstream's answer to {@code request}, following redirects of GET and HEAD up to
   * five times; other methods are sent once.
   */
  public CompletionStage<HttpResponse> sendFollowingRedirects(HttpRequest request) {
    return follow(request, 0);
  }

  /** Returns the materializer relayed bodies run on. */
  public Materializer materializer() {
    return materializer;
  }

  private CompletionStage<HttpResponse> follow(HttpRequest request, int redirects) {
    boolean followable =
        request.method().equals(HttpMethods.GET) || request.method().equals(HttpMethods.HEAD);
    return send(request)
        .thenCompose(
            response -> {
              Optional<String> location = response.getHeader("Location").map(HttpHeader::value);
              if (!followable || !isRedirect(response.status().intValue()) || location.isEmpty()) {
                return CompletableFuture.completedFuture(response);
              }
              response.discardEntityBytes(materializer);
              if (redirects >= MAX_REDIRECTS) {
                throw new DownloadFailure(
                    DownloadFailure.Kind.ORIGIN_UNAVAILABLE,
                    "more than " + MAX_REDIRECTS + " redirects from " + hostOf(request));
              }
              return follow(redirected(request, location.get()), redirects + 1);
            });
  }

  private static HttpRequest redirected(HttpRequest request, String location) {
    URI from = URI.create(request.getUri().toString());
    URI to = from.resolve(location.trim());
    List<HttpHeader> headers =
        sameServer(from, to)
            ? HopByHop.strip(request.getHeaders())
            : HopByHop.strip(request.getHeaders()).stream()
                .filter(h -> !h.is("authorization") && !h.is("cookie"))
                .toList();
    return HttpRequest.create(to.toString()).withMethod(request.method()).withHeaders(headers);
  }

  private static boolean sameServer(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && effectivePort(a) == effectivePort(b);
  }

  private static int effectivePort(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String hostOf(HttpRequest request) {
    return request.getUri().scheme() + "://" + request.getUri().host().address() + portOf(request);
  }

  private static String portOf(HttpRequest request) {
    int port = request.getUri().port();
    return port == 0 ? "" : ":" + port;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
