package dev.darner.api.mirror;

import dev.darner.api.proxy.HopByHop;
import dev.darner.api.proxy.UpstreamClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Asks the registry whether a client may read a manifest or blob, before the node hands over
 * content that peers hold: a HEAD of the resource with the client's own credentials. The registry
 * stays the only judge of access, so private content never leaks through the peers that hold it.
 *
 * <p>A yes is reused for a short while per resource and credential, so the pulls of one image cost
 * the registry one HEAD per layer rather than one per request; the credential is kept only as a
 * SHA-256 in memory. A no is never reused: the client usually comes straight back with a token. A
 * redirect counts as a yes, since registries redirect to blob storage only after checking access.
 */
final class ReadAccess {

  /** The registry's answer for one client and resource. */
  sealed interface Verdict permits Allowed, Refused {}

  /** The client may read the resource, whose length the registry may have told. */
  record Allowed(OptionalLong length) implements Verdict {}

  /** The client may not; {@code answer} is the registry's own, to hand back to the client. */
  record Refused(HttpResponse answer) implements Verdict {}

  /** Above this many remembered answers, the expired ones are dropped. */
  private static final int MAX_ENTRIES = 10_000;

  private final UpstreamClient upstream;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  ReadAccess(UpstreamClient upstream, Duration ttl, Clock clock) {
    this.upstream = upstream;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Returns whether the holder of {@code credentials} may read {@code resource}. */
  CompletionStage<Verdict> check(URI resource, List<HttpHeader> credentials) {
    String key = key(resource, credentials);
    Remembered known = remembered.get(key);
    if (known != null && known.until().isAfter(clock.instant())) {
      return CompletableFuture.completedFuture(known.allowed());
    }
    HttpRequest head = HttpRequest.HEAD(resource.toString()).addHeaders(credentials);
    return upstream.send(head).thenApply(answer -> verdict(key, answer));
  }

  private Verdict verdict(String key, HttpResponse answer) {
    answer.discardEntityBytes(upstream.materializer());
    int status = answer.status().intValue();
    if (status >= 200 && status < 400) {
      OptionalLong length =
          status < 300 ? answer.entity().getContentLengthOption() : OptionalLong.empty();
      Allowed allowed = new Allowed(length);
      remember(key, allowed);
      return allowed;
    }
    return new Refused(
        HttpResponse.create()
            .withStatus(answer.status())
            .withHeaders(HopByHop.strip(answer.getHeaders())));
  }

  private void remember(String key, Allowed allowed) {
    Instant now = clock.instant();
    if (remembered.size() >= MAX_ENTRIES) {
      remembered.values().removeIf(r -> !r.until().isAfter(now));
    }
    if (remembered.size() < MAX_ENTRIES) {
      remembered.put(key, new Remembered(allowed, now.plus(ttl)));
    }
  }

  private static String key(URI resource, List<HttpHeader> credentials) {
    StringBuilder text = new StringBuilder(resource.toString());
    credentials.forEach(
        h -> text.append('\n').append(h.lowercaseName()).append(':').append(h.value()));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private record Remembered(Allowed allowed, Instant until) {}
}
