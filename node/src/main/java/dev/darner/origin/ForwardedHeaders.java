package dev.darner.origin;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpHeader;

/**
 * Decides which of a client's headers travel on to the origin.
 *
 * <p>Dropped: {@code Host} (the origin's own host is sent), hop-by-hop headers ({@code Connection},
 * {@code Keep-Alive}, {@code Proxy-*}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding},
 * {@code Upgrade} and any header that {@code Connection} names), the ones back-to-source sets
 * itself ({@code Range}, {@code Content-Length}), Pekko's synthetic server headers ({@code
 * Timeout-Access}, {@code Raw-Request-URI}, which the client would send as the request target,
 * {@code Remote-Address}, {@code Tls-Session-Info}), and those that would change what bytes come
 * back: {@code Accept-Encoding} (pieces are offsets into the identity encoding) and the conditional
 * {@code If-*} headers (a 304 carries no content). All else, credentials included, is forwarded.
 */
final class ForwardedHeaders {

  private static final Set<String> DROPPED =
      Set.of(
          "host",
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "trailers",
          "transfer-encoding",
          "upgrade",
          "range",
          "timeout-access",
          "raw-request-uri",
          "remote-address",
          "tls-session-info",
          "content-length",
          "accept-encoding",
          "expect");

  private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie");

  private ForwardedHeaders() {}

  /** Returns the headers of {@code headers} that may be forwarded, in their order. */
  static List<HttpHeader> select(List<HttpHeader> headers) {
    Set<String> namedByConnection = new HashSet<>();
    for (HttpHeader header : headers) {
      if (header.is("connection")) {
        for (String token : header.value().split(",")) {
          namedByConnection.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return headers.stream()
        .filter(header -> forwardable(header.lowercaseName(), namedByConnection))
        .toList();
  }

  /**
   * Returns {@code headers} without credentials: a redirect to another host must not carry the
   * client's secrets there, and a pre-signed URL refuses a second authorization.
   */
  static List<HttpHeader> withoutCredentials(List<HttpHeader> headers) {
    return headers.stream()
        .filter(header -> !CREDENTIALS.contains(header.lowercaseName()))
        .toList();
  }

  private static boolean forwardable(String name, Set<String> namedByConnection) {
    return !DROPPED.contains(name)
        && !name.startsWith("proxy-")
        && !name.startsWith("if-")
        && !namedByConnection.contains(name);
  }
}
