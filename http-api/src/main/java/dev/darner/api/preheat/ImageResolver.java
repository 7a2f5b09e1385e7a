package dev.darner.api.preheat;

import dev.darner.api.DownloadFailure;
import dev.darner.api.DownloadRequest;
import dev.darner.api.proxy.UpstreamClient;
import dev.darner.task.Digest;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Resolves an image reference to the blobs a host of the wanted platforms pulls: the manifest, or
 * the index and then the manifest of each wanted platform, each checked against its digest; then
 * every config and layer, once each.
 *
 * <p>Each blob becomes a task with the URL and digest the registry mirror would give it, so its
 * task id is the one a later pull through the mirror asks for. A manifest named directly (not
 * through an index) is taken whatever platform it is for: only its config would say, and a person
 * who names a manifest by digest means that one.
 */
final class ImageResolver {

  /** How deep an index may nest indexes; registries nest at most one level in practice. */
  private static final int MAX_DEPTH = 2;

  private static final long MANIFEST_TIMEOUT_MILLIS = 30_000;

  private final UpstreamClient upstream;
  private final int maxManifestBytes;

  ImageResolver(UpstreamClient upstream, int maxManifestBytes) {
    this.upstream = upstream;
    this.maxManifestBytes = maxManifestBytes;
  }

  /**
   * Returns the blobs of {@code image} for {@code platforms} at the registry whose base URL is
   * {@code base}, asking with {@code credentials}. The stage fails with a {@link DownloadFailure}
   * saying which manifest could not be had and why.
   */
  CompletionStage<List<PreheatTarget>> resolve(
      URI base, ImageReference image, List<Platform> platforms, List<HttpHeader> credentials) {
    Map<Digest, PreheatTarget> blobs = new LinkedHashMap<>();
    return collect(base, image, image.reference(), platforms, credentials, 0, blobs)
        .thenApply(done -> List.copyOf(blobs.values()));
  }

  private CompletionStage<Void> collect(
      URI base,
      ImageReference image,
      String reference,
      List<Platform> platforms,
      List<HttpHeader> credentials,
      int depth,
      Map<Digest, PreheatTarget> blobs) {
    return manifest(base, image, reference, credentials)
        .thenCompose(
            document -> {
              if (document instanceof ManifestDocument.Image manifest) {
                add(base, image, manifest, blobs);
                return CompletableFuture.completedFuture(null);
              }
              ManifestDocument.Index index = (ManifestDocument.Index) document;
              if (depth >= MAX_DEPTH) {
                throw failure(image, "its indexes nest deeper than " + MAX_DEPTH + " levels");
              }
              List<ManifestDocument.Entry> chosen = index.select(platforms);
              if (chosen.isEmpty()) {
                throw new DownloadFailure(
                    DownloadFailure.Kind.NOT_FOUND,
                    "image "
                        + image
                        + " has no manifest for "
                        + platforms
                        + "; its index offers "
                        + index.offered());
              }
              CompletionStage<Void> all = CompletableFuture.completedFuture(null);
              // One after the other, so that blobs keep the index's order and a registry sees one
              // manifest request at a time.
              for (ManifestDocument.Entry entry : chosen) {
                all =
                    all.thenCompose(
                        ignored ->
                            collect(
                                base,
                                image,
                                entry.digest().toString(),
                                platforms,
                                credentials,
                                depth + 1,
                                blobs));
              }
              return all;
            });
  }

  private static void add(
      URI base,
      ImageReference image,
      ManifestDocument.Image manifest,
      Map<Digest, PreheatTarget> blobs) {
    List<ManifestDocument.Blob> all = new ArrayList<>();
    all.add(manifest.config());
    all.addAll(manifest.layers());
    for (ManifestDocument.Blob blob : all) {
      blobs.computeIfAbsent(
          blob.digest(),
          digest ->
              PreheatTarget.of(
                  digest.toString(),
                  new DownloadRequest(
                      blobUrl(base, image, digest), Optional.of(digest), List.of(), "", List.of()),
                  blob.size()));
    }
  }

  private CompletionStage<ManifestDocument> manifest(
      URI base, ImageReference image, String reference, List<HttpHeader> credentials) {
    HttpRequest request =
        HttpRequest.GET(registryUrl(base, image, "/manifests/" + reference))
            .addHeaders(credentials)
            .addHeader(RawHeader.create("Accept", ManifestDocument.ACCEPT));
    return upstream
        .sendFollowingRedirects(request)
        .thenCompose(
            answer -> {
              int status = answer.status().intValue();
              if (status != 200) {
                answer.discardEntityBytes(upstream.materializer());
                throw refused(image, reference, status);
              }
              return answer
                  .entity()
                  .toStrict(MANIFEST_TIMEOUT_MILLIS, maxManifestBytes, upstream.materializer())
                  .thenApply(strict -> read(image, reference, answer, strict.getData().toArray()));
            });
  }

  private static ManifestDocument read(
      ImageReference image, String reference, HttpResponse answer, byte[] body) {
    Digest actual = sha256(body);
    Optional<String> claimed =
        reference.startsWith("sha256:")
            ? Optional.of(reference)
            : answer.getHeader("Docker-Content-Digest").map(HttpHeader::value);
    if (claimed.isPresent() && !claimed.get().equals(actual.toString())) {
      throw new DownloadFailure(
          DownloadFailure.Kind.DIGEST_MISMATCH,
          "manifest "
              + reference
              + " of "
              + image.repository()
              + " has digest "
              + actual
              + " but the registry said "
              + claimed.get());
    }
    try {
      return ManifestDocument.parse(body);
    } catch (IllegalArgumentException e) {
      throw failure(image, "manifest " + reference + ": " + e.getMessage());
    }
  }

  private static DownloadFailure refused(ImageReference image, String reference, int status) {
    String what = "manifest " + image.repository() + ":" + reference;
    return switch (status) {
      case 404 ->
          new DownloadFailure(
              DownloadFailure.Kind.NOT_FOUND, what + " not found at " + image.registry());
      case 401, 403 ->
          new DownloadFailure(
              DownloadFailure.Kind.ORIGIN_REFUSED,
              image.registry()
                  + " refused "
                  + what
                  + " ("
                  + status
                  + "); give the registry's credentials in the preheat's headers");
      default ->
          new DownloadFailure(
              status >= 500
                  ? DownloadFailure.Kind.ORIGIN_UNAVAILABLE
                  : DownloadFailure.Kind.ORIGIN_REFUSED,
              image.registry() + " answered " + status + " to " + what);
    };
  }

  private static DownloadFailure failure(ImageReference image, String why) {
    return new DownloadFailure(
        DownloadFailure.Kind.ORIGIN_REFUSED, "cannot preheat " + image + ": " + why);
  }

  /** Returns the URL the mirror fetches blob {@code digest} of {@code image} from. */
  static String blobUrl(URI base, ImageReference image, Digest digest) {
    return registryUrl(base, image, "/blobs/" + digest);
  }

  private static String registryUrl(URI base, ImageReference image, String rest) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    return base.getScheme()
        + "://"
        + base.getRawAuthority()
        + basePath
        + "/v2/"
        + image.repository()
        + rest;
  }

  private static Digest sha256(byte[] bytes) {
    try {
      return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
