package dev.darner.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.cluster.ClusterOverview;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/cluster}: the members of the cluster with their AZ, roles and status, and
 * where each AZ's scheduler runs, as this node sees them.
 */
public final class ClusterRoutes extends AllDirectives {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<CompletionStage<ClusterOverview>> overview;

  private ClusterRoutes(Supplier<CompletionStage<ClusterOverview>> overview) {
    this.overview = overview;
  }

  /** Returns the cluster routes; {@code overview} is asked at every request. */
  public static Route create(Supplier<CompletionStage<ClusterOverview>> overview) {
    return new ClusterRoutes(overview).route();
  }

  private Route route() {
    return path(
        segment("api").slash("v1").slash("cluster"),
        () ->
            get(
                () ->
                    completeWithFuture(
                        overview
                            .get()
                            .thenApply(ClusterRoutes::json)
                            .exceptionally(Failures::response))));
  }

  private static HttpResponse json(ClusterOverview overview) {
    try {
      return HttpResponse.create()
          .withEntity(
              HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(overview)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a ClusterOverview always serialises", e);
    }
  }
}
