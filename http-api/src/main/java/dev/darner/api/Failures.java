package dev.darner.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darner.api.manage.ManagementFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one translator from failures to HTTP answers, so that handlers stay free of try and catch.
 * Every error leaves as JSON with a message a person understands.
 */
public final class Failures {

  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Failures() {}

  /** Returns the status a failure of {@code kind} is answered with. */
  public static StatusCode statusOf(DownloadFailure.Kind kind) {
    return switch (kind) {
      case BAD_REQUEST -> StatusCodes.BAD_REQUEST;
      case FORBIDDEN -> StatusCodes.FORBIDDEN;
      case NOT_FOUND -> StatusCodes.NOT_FOUND;
      case ORIGIN_REFUSED, ORIGIN_UNAVAILABLE, DIGEST_MISMATCH -> StatusCodes.BAD_GATEWAY;
      case ORIGIN_TIMEOUT -> StatusCodes.GATEWAY_TIMEOUT;
      case RANGE_NOT_SATISFIABLE -> StatusCodes.RANGE_NOT_SATISFIABLE;
      case STORAGE_FULL -> StatusCodes.INSUFFICIENT_STORAGE;
      case INTERNAL -> StatusCodes.INTERNAL_SERVER_ERROR;
    };
  }

  /** Returns the status a management refusal of {@code kind} is answered with. */
  public static StatusCode statusOf(ManagementFailure.Kind kind) {
    return switch (kind) {
      case BAD_REQUEST -> StatusCodes.BAD_REQUEST;
      case NOT_FOUND -> StatusCodes.NOT_FOUND;
      case CONFLICT -> StatusCodes.CONFLICT;
      case UNAUTHORIZED -> StatusCodes.UNAUTHORIZED;
      case FORBIDDEN -> StatusCodes.FORBIDDEN;
      case TOO_MANY_REQUESTS -> StatusCodes.TOO_MANY_REQUESTS;
    };
  }

  /** Returns a JSON error answer with {@code status}, code {@code error} and {@code message}. */
  public static HttpResponse response(StatusCode status, String error, String message) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json(error, message)));
  }

  /** Returns the answer to {@code failure}, unwrapping the wrappers futures put around it. */
  public static HttpResponse response(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof DownloadFailure df) {
      return response(statusOf(df.kind()), code(df.kind()), df.getMessage());
    }
    if (cause instanceof ManagementFailure mf) {
      HttpResponse answer =
          response(statusOf(mf.kind()), mf.kind().name().toLowerCase(), mf.getMessage());
      return mf.kind() == ManagementFailure.Kind.UNAUTHORIZED
          ? answer.addHeader(RawHeader.create("WWW-Authenticate", "Bearer"))
          : answer;
    }
    if (cause instanceof IllegalArgumentException bad) {
      return response(StatusCodes.BAD_REQUEST, "bad_request", bad.getMessage());
    }
    log.error("Request failed unexpectedly", cause);
    return response(
        StatusCodes.INTERNAL_SERVER_ERROR, "internal", "the node failed: " + cause.getMessage());
  }

  /** Returns the handler that turns exceptions escaping a route into JSON answers. */
  public static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(Throwable.class, t -> Directives.complete(response(t)))
        .build();
  }

  /** Returns the handler that turns Pekko's rejections into JSON answers. */
  public static RejectionHandler rejectionHandler() {
    return RejectionHandler.defaultHandler()
        .mapRejectionResponse(
            response -> {
              if (response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
                return response;
              }
              String text =
                  response.entity()
                          instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict s
                      ? s.getData().utf8String()
                      : response.status().reason();
              return response.withEntity(
                  HttpEntities.create(
                      ContentTypes.APPLICATION_JSON,
                      json(response.status().reason().toLowerCase().replace(' ', '_'), text)));
            });
  }

  /** Returns the innermost cause below the wrappers of futures. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String code(DownloadFailure.Kind kind) {
    return kind.name().toLowerCase();
  }

  private static String json(String error, String message) {
    try {
      return JSON.writeValueAsString(new ErrorBody(error, message == null ? "" : message));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an ErrorBody always serialises", e);
    }
  }
}
