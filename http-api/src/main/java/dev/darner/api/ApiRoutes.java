package dev.darner.api;

import java.util.List;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Joins the routes of a node under the single failure translator of the HTTP edge. */
public final class ApiRoutes extends AllDirectives {

  private ApiRoutes() {}

  /** Returns {@code routes} joined, every failure and rejection answered as JSON. */
  public static Route of(List<Route> routes) {
    ApiRoutes d = new ApiRoutes();
    return d.handleExceptions(
        Failures.exceptionHandler(),
        () ->
            d.handleRejections(
                Failures.rejectionHandler(), () -> d.concat(routes.get(0), rest(routes))));
  }

  private static Route[] rest(List<Route> routes) {
    return routes.subList(1, routes.size()).toArray(Route[]::new);
  }
}
