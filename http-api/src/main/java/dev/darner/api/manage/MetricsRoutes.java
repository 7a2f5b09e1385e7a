package dev.darner.api.manage;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: every metric of the node in the Prometheus text format 0.0.4. */
public final class MetricsRoutes extends AllDirectives {

  /** The content type Prometheus expects of the text format. */
  public static final ContentType PROMETHEUS_TEXT =
      ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final Supplier<String> scrape;

  private MetricsRoutes(Supplier<String> scrape) {
    this.scrape = scrape;
  }

  /** Returns the metrics route; {@code scrape} renders the metrics at every request. */
  public static Route create(Supplier<String> scrape) {
    return new MetricsRoutes(scrape).route();
  }

  private Route route() {
    return path(
        "metrics",
        () ->
            get(
                () ->
                    complete(
                        HttpResponse.create()
                            .withEntity(
                                HttpEntities.create(
                                    PROMETHEUS_TEXT,
                                    scrape.get().getBytes(StandardCharsets.UTF_8))))));
  }
}
