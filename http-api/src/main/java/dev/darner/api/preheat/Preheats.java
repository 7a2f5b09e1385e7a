package dev.darner.api.preheat;

import dev.darner.api.DownloadFailure;
import dev.darner.api.DownloadRequest;
import dev.darner.api.manage.ManagementFailure;
import dev.darner.api.mirror.MirrorSettings;
import dev.darner.api.mirror.Registries;
import dev.darner.api.preheat.PreheatJobView.JobState;
import dev.darner.api.proxy.UpstreamClient;
import dev.darner.task.Digest;
import dev.darner.task.TaskIds;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Takes preheat requests: checks them, starts a {@link PreheatJob} for each, and shows the jobs.
 * Bad input is refused here, before any job exists, with a message that names the value.
 */
public final class Preheats {

  private static final SecureRandom IDS = new SecureRandom();

  private final ActorSystem<?> system;
  private final PreheatSeeds seeds;
  private final PreheatSettings settings;
  private final Registries registries;
  private final ImageResolver resolver;
  private final PreheatJobs jobs;
  private final Clock clock;

  private Preheats(
      ActorSystem<?> system,
      PreheatSeeds seeds,
      UpstreamClient upstream,
      MirrorSettings mirror,
      PreheatSettings settings,
      Clock clock) {
    this.system = system;
    this.seeds = seeds;
    this.settings = settings;
    this.registries = new Registries(mirror);
    this.resolver = new ImageResolver(upstream, mirror.maxManifestBytes());
    this.jobs = new PreheatJobs(settings.maxJobs(), settings.jobTtl(), clock);
    this.clock = clock;
  }

  /**
   * Returns the preheats of a node on {@code system} that asks seeds through {@code seeds} and
   * reads images from the registries {@code mirror} allows, through {@code upstream}.
   */
  public static Preheats create(
      ActorSystem<?> system,
      PreheatSeeds seeds,
      UpstreamClient upstream,
      MirrorSettings mirror,
      PreheatSettings settings) {
    return new Preheats(system, seeds, upstream, mirror, settings, Clock.systemUTC());
  }

  /**
   * Starts the job {@code request} asks for and returns its first view.
   *
   * @throws ManagementFailure BAD_REQUEST naming what is wrong with the request, TOO_MANY_REQUESTS
   *     when the node runs as many jobs as it may
   */
  public PreheatJobView start(PreheatRequest request) {
    String type = request.type() == null ? "" : request.type().trim();
    List<HttpHeader> headers = headers(request.headers());
    return switch (type) {
      case "image" -> startImage(request, headers);
      case "file" -> startFile(request, headers);
      default -> throw bad("type must be image or file, was '" + type + "'");
    };
  }

  /** Returns the job {@code id}, if this node holds it. */
  public Optional<PreheatJobView> job(String id) {
    return jobs.get(id);
  }

  /** Returns every job this node holds, oldest first, without their tasks. */
  public List<PreheatJobView> jobs() {
    return jobs.all().stream().map(PreheatJobView::summary).toList();
  }

  private PreheatJobView startImage(PreheatRequest request, List<HttpHeader> credentials) {
    if (request.url() != null || request.digest() != null) {
      throw bad("an image preheat takes ref and platforms, not url or digest");
    }
    ImageReference image = parse(() -> ImageReference.parse(request.ref()));
    List<Platform> platforms =
        request.platforms() == null || request.platforms().isEmpty()
            ? settings.defaultPlatforms()
            : parse(() -> request.platforms().stream().map(Platform::parse).distinct().toList());
    URI base = registry(image);
    return launch(
        "image",
        image.toString(),
        platforms.stream().map(Platform::toString).toList(),
        () -> resolver.resolve(base, image, platforms, credentials));
  }

  private PreheatJobView startFile(PreheatRequest request, List<HttpHeader> headers) {
    if (request.ref() != null || request.platforms() != null) {
      throw bad("a file preheat takes url and an optional digest, not ref or platforms");
    }
    String url = request.url() == null ? "" : request.url().trim();
    parse(() -> TaskIds.parseHttpUrl(url));
    Optional<Digest> digest =
        request.digest() == null || request.digest().isBlank()
            ? Optional.empty()
            : Optional.of(parse(() -> Digest.parse(request.digest().trim())));
    DownloadRequest download =
        new DownloadRequest(
            url,
            digest,
            headers,
            request.tag() == null ? "" : request.tag(),
            request.filter() == null ? List.of() : request.filter());
    PreheatTarget target = PreheatTarget.of(url, download, -1);
    return launch("file", url, List.of(), () -> CompletableFuture.completedFuture(List.of(target)));
  }

  private PreheatJobView launch(
      String type,
      String source,
      List<String> platforms,
      Supplier<CompletionStage<List<PreheatTarget>>> resolve) {
    String id = newId();
    PreheatJobView view =
        new PreheatJobView(
            id,
            JobState.PENDING,
            type,
            source,
            platforms,
            List.of(),
            clock.instant().toString(),
            "",
            "",
            0,
            0,
            0,
            0,
            List.of());
    jobs.add(view);
    system.systemActorOf(
        PreheatJob.create(view, resolve, seeds, settings, jobs), "preheat-" + id, Props.empty());
    return view;
  }

  private URI registry(ImageReference image) {
    try {
      return registries.resolve(Optional.of(image.registry()));
    } catch (DownloadFailure e) {
      throw bad(e.getMessage());
    }
  }

  private static List<HttpHeader> headers(Map<String, String> headers) {
    if (headers == null) {
      return List.of();
    }
    List<HttpHeader> out = new ArrayList<>();
    headers.forEach(
        (name, value) -> {
          if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw bad("header name '" + name + "' is not a valid HTTP header name");
          }
          out.add(RawHeader.create(name, value == null ? "" : value));
        });
    return List.copyOf(out);
  }

  private static <T> T parse(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private static ManagementFailure bad(String message) {
    return new ManagementFailure(ManagementFailure.Kind.BAD_REQUEST, message);
  }

  private static String newId() {
    byte[] bytes = new byte[8];
    IDS.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
