package dev.darner.api.mirror;

import dev.darner.api.ContentResponses;
import dev.darner.api.Download;
import dev.darner.api.DownloadFailure;
import dev.darner.api.DownloadRequest;
import dev.darner.api.DownloadService;
import dev.darner.api.Failures;
import dev.darner.api.proxy.HopByHop;
import dev.darner.api.proxy.UpstreamClient;
import dev.darner.task.Digest;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET} and {@code HEAD} of {@code /v2/…}: the registry mirror containerd pulls through,
 * configured by a {@code hosts.toml} that names the node as a mirror of a registry.
 *
 * <ul>
 *   <li>Blobs are tasks whose id is their digest: fetched from peers or the registry, verified
 *       against the digest before kept as complete, streamed as they arrive; a {@code Range} read
 *       answers 206 and fetches only the pieces it covers.
 *   <li>Manifests and tag lookups pass through to the registry; what comes back is checked against
 *       its digest and kept in memory by digest, so a later read by digest is served here.
 *   <li>Before a blob or a cached manifest is handed out, the registry is asked with the client's
 *       own credentials whether the client may read it ({@link ReadAccess}); a refusal, such as a
 *       401 with its {@code WWW-Authenticate} challenge, goes back to the client as the registry
 *       gave it, and the client's token goes to the registry. Tokens are never stored or put into a
 *       task id.
 *   <li>The registry is the one the {@code ns} parameter names (containerd adds it) or the
 *       configured default, and only one of the allowed registries.
 * </ul>
 *
 * <p>The mirror is read-only: pushes are refused with 405.
 */
public final class MirrorRoutes extends AllDirectives {

  private static final long MANIFEST_TIMEOUT_MILLIS = 30_000;

  private final DownloadService downloads;
  private final UpstreamClient upstream;
  private final Registries registries;
  private final ReadAccess access;
  private final ManifestCache manifests;
  private final int maxManifestBytes;

  private MirrorRoutes(
      DownloadService downloads, UpstreamClient upstream, MirrorSettings settings, Clock clock) {
    this.downloads = downloads;
    this.upstream = upstream;
    this.registries = new Registries(settings);
    this.access = new ReadAccess(upstream, settings.accessTtl(), clock);
    this.manifests = new ManifestCache(settings.manifestCacheBytes());
    this.maxManifestBytes = settings.maxManifestBytes();
  }

  /** Returns the mirror's routes, serving blobs through {@code downloads}. */
  public static Route create(
      DownloadService downloads, UpstreamClient upstream, MirrorSettings settings) {
    return new MirrorRoutes(downloads, upstream, settings, Clock.systemUTC()).route();
  }

  private Route route() {
    return pathPrefix(
        "v2",
        () ->
            extractRequest(
                request -> {
                  Optional<RegistryPath> path = RegistryPath.parse(request.getUri().path());
                  if (path.isEmpty()) {
                    return reject();
                  }
                  if (!isRead(request)) {
                    return complete(
                        Failures.response(
                            StatusCodes.METHOD_NOT_ALLOWED,
                            "method_not_allowed",
                            "the mirror is read-only; push to the registry itself"));
                  }
                  return completeWithFuture(answer(request, path.get()));
                }));
  }

  private CompletionStage<HttpResponse> answer(HttpRequest request, RegistryPath path) {
    URI resource = upstreamUri(request, path);
    CompletionStage<HttpResponse> answer =
        switch (path.kind()) {
          case BLOB -> blob(request, path, resource);
          case MANIFEST -> manifest(request, path, resource);
          case BASE, OTHER -> relay(request, resource);
        };
    return answer.exceptionally(Failures::response);
  }

  private URI upstreamUri(HttpRequest request, RegistryPath path) {
    URI base = registries.resolve(request.getUri().query().get("ns"));
    String query =
        request.getUri().rawQueryString().stream()
            .flatMap(q -> Arrays.stream(q.split("&")))
            .filter(p -> !p.isEmpty() && !p.equals("ns") && !p.startsWith("ns="))
            .collect(Collectors.joining("&"));
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    return URI.create(
        base.getScheme()
            + "://"
            + base.getRawAuthority()
            + basePath
            + path.upstreamPath()
            + (query.isEmpty() ? "" : "?" + query));
  }

  private CompletionStage<HttpResponse> blob(HttpRequest request, RegistryPath path, URI resource) {
    Digest digest = parseDigest(path.reference());
    List<HttpHeader> credentials = credentials(request);
    return access
        .check(resource, credentials)
        .thenCompose(
            verdict -> {
              if (verdict instanceof ReadAccess.Refused refused) {
                return CompletableFuture.completedFuture(refused.answer());
              }
              ReadAccess.Allowed allowed = (ReadAccess.Allowed) verdict;
              DownloadRequest wanted =
                  new DownloadRequest(
                      resource.toString(), Optional.of(digest), credentials, "", List.of());
              if (isHead(request)) {
                return blobHead(wanted, allowed);
              }
              Optional<String> range = request.getHeader("Range").map(HttpHeader::value);
              CompletionStage<Download> opened =
                  range.isPresent() ? downloads.openForRange(wanted) : downloads.open(wanted);
              return opened.thenApply(
                  download -> ContentResponses.of(download, range).addHeader(digestHeader(digest)));
            });
  }

  /**
   * Answers a HEAD of a blob with its length, which the registry told; when it redirected instead,
   * the length comes from opening the task for range reads, which fetches no piece.
   */
  private CompletionStage<HttpResponse> blobHead(
      DownloadRequest wanted, ReadAccess.Allowed allowed) {
    CompletionStage<Long> length =
        allowed.length().isPresent()
            ? CompletableFuture.completedFuture(allowed.length().getAsLong())
            : downloads.openForRange(wanted).thenApply(Download::contentLength);
    return length.thenApply(
        bytes ->
            HttpResponse.create()
                .addHeader(RawHeader.create("Accept-Ranges", "bytes"))
                .addHeader(digestHeader(wanted.digest().orElseThrow()))
                .withEntity(
                    bytes == 0
                        ? HttpEntities.EMPTY
                        : HttpEntities.create(
                            ContentTypes.APPLICATION_OCTET_STREAM, bytes, Source.empty())));
  }

  private CompletionStage<HttpResponse> manifest(
      HttpRequest request, RegistryPath path, URI resource) {
    if (path.byDigest()) {
      Digest digest = parseDigest(path.reference());
      Optional<ManifestCache.Manifest> cached = manifests.get(digest);
      if (cached.isPresent()) {
        return access
            .check(resource, credentials(request))
            .thenApply(
                verdict ->
                    verdict instanceof ReadAccess.Refused refused
                        ? refused.answer()
                        : manifestAnswer(digest, cached.get()));
      }
    }
    if (isHead(request)) {
      return relay(request, resource);
    }
    return upstream
        .sendFollowingRedirects(outgoing(request, resource))
        .thenCompose(
            answer -> {
              if (answer.status().intValue() != 200) {
                return CompletableFuture.completedFuture(relayed(answer));
              }
              return answer
                  .entity()
                  .toStrict(MANIFEST_TIMEOUT_MILLIS, maxManifestBytes, upstream.materializer())
                  .thenApply(strict -> checkAndKeep(path, answer, strict));
            });
  }

  private HttpResponse checkAndKeep(
      RegistryPath path, HttpResponse answer, HttpEntity.Strict body) {
    byte[] bytes = body.getData().toArray();
    Digest actual = sha256(bytes);
    Optional<String> claimed =
        path.byDigest()
            ? Optional.of(path.reference())
            : answer.getHeader("Docker-Content-Digest").map(HttpHeader::value);
    if (claimed.isPresent() && !parseDigest(claimed.get()).equals(actual)) {
      throw new DownloadFailure(
          DownloadFailure.Kind.DIGEST_MISMATCH,
          "manifest "
              + path.repository()
              + ":"
              + path.reference()
              + " has digest "
              + actual
              + " but the registry said "
              + claimed.get());
    }
    manifests.put(actual, new ManifestCache.Manifest(bytes, body.getContentType().toString()));
    return relayed(answer).withEntity(body);
  }

  private static HttpResponse manifestAnswer(Digest digest, ManifestCache.Manifest manifest) {
    return HttpResponse.create()
        .addHeader(digestHeader(digest))
        .withEntity(
            HttpEntities.create(
                ContentResponses.parseContentType(manifest.mediaType())
                    .orElse(ContentTypes.APPLICATION_JSON),
                manifest.body()));
  }

  private CompletionStage<HttpResponse> relay(HttpRequest request, URI resource) {
    return upstream.sendFollowingRedirects(outgoing(request, resource)).thenApply(this::relayed);
  }

  private HttpResponse relayed(HttpResponse answer) {
    return answer.withHeaders(HopByHop.strip(answer.getHeaders()));
  }

  private static HttpRequest outgoing(HttpRequest request, URI resource) {
    return HttpRequest.create(resource.toString())
        .withMethod(request.method())
        .withHeaders(HopByHop.strip(request.getHeaders()));
  }

  private static List<HttpHeader> credentials(HttpRequest request) {
    return request.getHeader("Authorization").<List<HttpHeader>>map(List::of).orElse(List.of());
  }

  private static boolean isRead(HttpRequest request) {
    return request.method().equals(HttpMethods.GET) || isHead(request);
  }

  private static boolean isHead(HttpRequest request) {
    return request.method().equals(HttpMethods.HEAD);
  }

  private static HttpHeader digestHeader(Digest digest) {
    return RawHeader.create("Docker-Content-Digest", digest.toString());
  }

  private static Digest parseDigest(String text) {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DownloadFailure(DownloadFailure.Kind.BAD_REQUEST, e.getMessage());
    }
  }

  private static Digest sha256(byte[] bytes) {
    try {
      return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
