package dev.darner.api.preheat;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.darner.api.manage.ApiToken;
import dev.darner.api.manage.ManagementFailure;
import dev.darner.api.manage.ManagementJson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The preheat API of a node:
 *
 * <ul>
 *   <li>{@code POST /api/v1/preheat} with a {@link PreheatRequest}: starts a job and answers 202
 *       with its view, whose {@code id} the caller polls;
 *   <li>{@code GET /api/v1/preheat/{id}}: the job's progress, 404 when this node holds no such job;
 *   <li>{@code GET /api/v1/preheat}: the jobs this node holds, without their tasks.
 * </ul>
 *
 * <p>Starting a job changes the cluster's stores, so it passes the {@link ApiToken} first.
 */
public final class PreheatRoutes extends AllDirectives {

  private final Preheats preheats;
  private final ApiToken token;

  private PreheatRoutes(Preheats preheats, ApiToken token) {
    this.preheats = preheats;
    this.token = token;
  }

  /**
   * Returns the preheat routes, starting jobs through {@code preheats}, guarded by {@code token}.
   */
  public static Route create(Preheats preheats, ApiToken token) {
    return new PreheatRoutes(preheats, token).route();
  }

  private Route route() {
    return pathPrefix(
        segment("api").slash("v1").slash("preheat"),
        () ->
            concat(
                pathEndOrSingleSlash(
                    () ->
                        concat(
                            post(this::start),
                            get(() -> complete(ManagementJson.ok(preheats.jobs()))))),
                path(segment(), id -> get(() -> complete(ManagementJson.ok(job(id)))))));
  }

  private Route start() {
    return optionalHeaderValueByName(
        "Authorization",
        authorization -> {
          token.check(authorization);
          return entity(
              Unmarshaller.entityToString(),
              body -> {
                PreheatJobView view = preheats.start(parse(body));
                return complete(
                    ManagementJson.response(StatusCodes.ACCEPTED, view)
                        .addHeader(Location.create("/api/v1/preheat/" + view.id())));
              });
        });
  }

  private static PreheatRequest parse(String body) {
    try {
      return PreheatRequest.parse(body);
    } catch (IllegalArgumentException e) {
      throw new ManagementFailure(ManagementFailure.Kind.BAD_REQUEST, e.getMessage());
    }
  }

  private PreheatJobView job(String id) {
    return preheats
        .job(id)
        .orElseThrow(
            () ->
                new ManagementFailure(
                    ManagementFailure.Kind.NOT_FOUND, "this node holds no preheat job " + id));
  }
}
