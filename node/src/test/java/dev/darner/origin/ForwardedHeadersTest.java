package dev.darner.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  @Test
  void select_mixedHeaders_keepsEndToEndOnesInOrder() {
    List<HttpHeader> headers =
        List.of(
            RawHeader.create("Authorization", "Bearer t"),
            RawHeader.create("Host", "client.example"),
            RawHeader.create("Connection", "keep-alive, X-Hop"),
            RawHeader.create("X-Hop", "1"),
            RawHeader.create("Proxy-Authorization", "Basic p"),
            RawHeader.create("Transfer-Encoding", "chunked"),
            RawHeader.create("TE", "trailers"),
            RawHeader.create("Upgrade", "h2c"),
            RawHeader.create("Range", "bytes=0-1"),
            RawHeader.create("Timeout-Access", "x"),
            RawHeader.create("Content-Length", "0"),
            RawHeader.create("Accept-Encoding", "gzip"),
            RawHeader.create("If-None-Match", "\"e\""),
            RawHeader.create("User-Agent", "containerd"),
            RawHeader.create("Cookie", "session=1"));

    List<String> kept = names(ForwardedHeaders.select(headers));

    assertEquals(List.of("Authorization", "User-Agent", "Cookie"), kept);
  }

  @Test
  void select_serverSyntheticHeaders_dropped() {
    List<HttpHeader> headers =
        List.of(
            RawHeader.create("Raw-Request-URI", "/api/v1/download?url=x"),
            RawHeader.create("Remote-Address", "127.0.0.1"),
            RawHeader.create("Accept", "*/*"));

    List<String> kept = names(ForwardedHeaders.select(headers));

    assertEquals(List.of("Accept"), kept);
  }

  @Test
  void withoutCredentials_authorizationAndCookie_areDropped() {
    List<HttpHeader> headers =
        List.of(
            RawHeader.create("authorization", "Bearer t"),
            RawHeader.create("Cookie", "c=1"),
            RawHeader.create("Accept", "*/*"));

    List<String> kept = names(ForwardedHeaders.withoutCredentials(headers));

    assertEquals(List.of("Accept"), kept);
  }

  private static List<String> names(List<HttpHeader> headers) {
    return headers.stream().map(HttpHeader::name).toList();
  }
}
