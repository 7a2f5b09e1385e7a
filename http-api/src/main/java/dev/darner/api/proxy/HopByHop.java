package dev.darner.api.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.HttpHeader;

/**
 * Drops the headers that belong to one connection, not to the message, before a request or answer
 * is relayed: the hop-by-hop headers of RFC 9110 and any that {@code Connection} names, {@code
 * Host} (the client sets the upstream's own), and the synthetic headers Pekko adds on the server
 * side ({@code Timeout-Access}, {@code Raw-Request-URI}, {@code Remote-Address}).
 */
public final class HopByHop {

  private static final Set<String> DROPPED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "timeout-access",
          "raw-request-uri",
          "remote-address",
          "tls-session-info");

  private HopByHop() {}

  /** Returns the headers of {@code headers} that travel end to end, in their order. */
  public static List<HttpHeader> strip(Iterable<HttpHeader> headers) {
    Set<String> named = new HashSet<>();
    for (HttpHeader header : headers) {
      if (header.is("connection")) {
        for (String token : header.value().split(",")) {
          named.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return StreamSupport.stream(headers.spliterator(), false)
        .filter(h -> !DROPPED.contains(h.lowercaseName()) && !named.contains(h.lowercaseName()))
        .toList();
  }
}
