package dev.darner.api;

import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /healthz}: the process is alive and answering. {@code GET /readyz}: the node can do
 * its job, as the node's readiness check says.
 */
public final class HealthRoutes extends AllDirectives {

  /** The path of the liveness check, for probes: {@code /healthz}. */
  public static final String LIVE_PATH = "/healthz";

  /** The path of the readiness check, for probes: {@code /readyz}. */
  public static final String READY_PATH = "/readyz";

  private final Supplier<Readiness> readiness;

  private HealthRoutes(Supplier<Readiness> readiness) {
    this.readiness = readiness;
  }

  /** Returns the health routes; {@code readiness} is asked at every {@code /readyz}. */
  public static Route create(Supplier<Readiness> readiness) {
    return new HealthRoutes(readiness).route();
  }

  private Route route() {
    return get(
        () ->
            concat(
                path(LIVE_PATH.substring(1), () -> complete(ok("{\"status\":\"alive\"}"))),
                path(READY_PATH.substring(1), this::ready)));
  }

  private Route ready() {
    Readiness now = readiness.get();
    if (now.ready()) {
      return complete(ok("{\"status\":\"ready\"}"));
    }
    return complete(Failures.response(StatusCodes.SERVICE_UNAVAILABLE, "not_ready", now.reason()));
  }

  private static HttpResponse ok(String json) {
    return HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json));
  }

  /** Whether the node is ready, and if not, why. */
  public record Readiness(boolean ready, String reason) {

    /** Returns the answer of a ready node. */
    public static Readiness yes() {
      return new Readiness(true, "");
    }

    /** Returns the answer of a node that is not ready because of {@code reason}. */
    public static Readiness no(String reason) {
      return new Readiness(false, reason);
    }
  }
}
