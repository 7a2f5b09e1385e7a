package dev.darner.origin;

import dev.darner.task.TaskIds;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.http.scaladsl.model.IllegalUriException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads content from HTTP(S) origins with the Pekko HTTP client.
 *
 * <p>Each call sends one GET, with a {@code Range} header unless the whole content is wanted, and
 * the client's forwardable headers. It follows redirects itself (the client does not), dropping
 * {@code Authorization} and {@code Cookie} when a redirect leaves the origin's scheme, host and
 * port, as browsers and curl do. Transient failures before the response (no connection, a time-out,
 * 408, 429, 500, 502, 503, 504) are retried with exponential backoff, honoring a {@code
 * Retry-After} in seconds up to the maximum backoff; failures of a body already handed to the
 * caller are not retried here, since only the caller knows how many bytes it has kept.
 *
 * <p>All requests share one connection pool per origin host, separate from the system's default
 * pool, with the pool's own retries off and a body subscription time-out as long as the idle
 * time-out. User info in a URL is not sent: pass credentials as an {@code Authorization} header.
 */
public final class HttpOrigin implements Origin {

  private static final Logger log = LoggerFactory.getLogger(HttpOrigin.class);

  private final Http http;
  private final OriginSettings settings;
  private final ConnectionPoolSettings pool;
  private final HttpsConnectionContext https;
  private final LoggingAdapter clientLog;
  private final Executor executor;
  private final ResponseReader reader;
  private final Backoff backoff;

  private HttpOrigin(ActorSystem<?> system, OriginSettings settings) {
    this.http = Http.get(system);
    this.settings = settings;
    this.pool = OriginPoolSettings.create(system.settings().config(), settings);
    this.https = http.defaultClientHttpsContext();
    this.clientLog = system.classicSystem().log();
    this.executor = system.executionContext();
    this.reader = new ResponseReader(Materializer.matFromSystem(system), settings.idleTimeout());
    this.backoff = Backoff.of(settings);
  }

  /** Returns an origin client that runs on {@code system} with {@code settings}. */
  public static HttpOrigin create(ActorSystem<?> system, OriginSettings settings) {
    return new HttpOrigin(
        Objects.requireNonNull(system, "system"), Objects.requireNonNull(settings, "settings"));
  }

  @Override
  public CompletionStage<OriginResponse> open(OriginRequest request, long offset, long length) {
    Objects.requireNonNull(request, "request");
    RequestedRange range = new RequestedRange(offset, length);
    try {
      Uri.create(request.url().toString());
    } catch (IllegalUriException e) {
      throw new IllegalArgumentException(
          "url not accepted by the HTTP client: " + OriginException.redact(request.url()), e);
    }
    return attempt(request, range, 1);
  }

  private CompletionStage<OriginResponse> attempt(
      OriginRequest request, RequestedRange range, int attempt) {
    return follow(request.url(), request.headers(), range, 0)
        .handle(
            (response, failure) ->
                failure == null
                    ? CompletableFuture.completedFuture(response)
                    : retryOrFail(request, range, attempt, Failures.unwrap(failure)))
        .thenCompose(Function.identity());
  }

  private CompletionStage<OriginResponse> retryOrFail(
      OriginRequest request, RequestedRange range, int attempt, Throwable failure) {
    if (!(failure instanceof OriginException origin)
        || !origin.isTransient()
        || attempt >= settings.maxAttempts()) {
      return CompletableFuture.failedFuture(failure);
    }
    Duration pause = backoff.pauseAfter(attempt, origin.retryAfter());
    log.warn(
        "Retrying back-to-source in {} ms, attempt {} of {} failed: {}",
        pause.toMillis(),
        attempt,
        settings.maxAttempts(),
        origin.getMessage());
    Executor later =
        CompletableFuture.delayedExecutor(pause.toNanos(), TimeUnit.NANOSECONDS, executor);
    return CompletableFuture.supplyAsync(() -> attempt(request, range, attempt + 1), later)
        .thenCompose(Function.identity());
  }

  private CompletionStage<OriginResponse> follow(
      URI url, List<HttpHeader> headers, RequestedRange range, int redirects) {
    return send(url, headers, range)
        .thenCompose(
            response -> {
              if (!isRedirect(response.status().intValue())) {
                return CompletableFuture.completedFuture(reader.read(response, url, range));
              }
              reader.release(response);
              if (redirects >= settings.maxRedirects()) {
                throw OriginException.tooManyRedirects(url, settings.maxRedirects());
              }
              URI next = location(response, url);
              List<HttpHeader> nextHeaders =
                  sameOrigin(url, next) ? headers : ForwardedHeaders.withoutCredentials(headers);
              log.debug(
                  "Following redirect from [{}] to [{}]",
                  OriginException.redact(url),
                  OriginException.redact(next));
              return follow(next, nextHeaders, range, redirects + 1);
            })
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw Failures.classify(url, failure);
              }
              return response;
            });
  }

  private CompletionStage<HttpResponse> send(
      URI url, List<HttpHeader> headers, RequestedRange range) {
    HttpRequest request = HttpRequest.GET(url.toString()).addHeaders(headers);
    Optional<? extends HttpHeader> rangeHeader = range.header();
    if (rangeHeader.isPresent()) {
      request = request.addHeader(rangeHeader.get());
    }
    CompletableFuture<HttpResponse> answered =
        http.singleRequest(request, https, pool, clientLog).toCompletableFuture();
    long timeoutNanos = settings.responseTimeout().toNanos();
    return answered
        .copy()
        .orTimeout(timeoutNanos, TimeUnit.NANOSECONDS)
        .exceptionally(
            failure -> {
              if (Failures.unwrap(failure) instanceof TimeoutException) {
                // The response may still come; its body must not hold the connection.
                answered.thenAccept(reader::release);
                throw OriginException.timeout(
                    url,
                    "no response within " + settings.responseTimeout().toMillis() + " ms",
                    null);
              }
              throw Failures.classify(url, failure);
            });
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static URI location(HttpResponse response, URI url) {
    Optional<String> location = response.getHeader("Location").map(HttpHeader::value);
    if (location.isEmpty()) {
      throw OriginException.badResponse(
          url, response.status().intValue(), "redirect without a Location");
    }
    try {
      URI next = TaskIds.parseHttpUrl(url.resolve(location.get().trim()).toString());
      Uri.create(next.toString());
      return next;
    } catch (IllegalArgumentException | IllegalUriException e) {
      throw OriginException.badResponse(
          url, response.status().intValue(), "redirect to an unusable location");
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
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
}
