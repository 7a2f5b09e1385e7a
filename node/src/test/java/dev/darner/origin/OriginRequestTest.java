package dev.darner.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

class OriginRequestTest {

  @Test
  void toString_withCredentials_showsNeitherHeaderValuesNorQuery() {
    OriginRequest request =
        new OriginRequest(
            URI.create("http://example.com/a?sig=secret"),
            List.of(RawHeader.create("Authorization", "Bearer secret")));

    String text = request.toString();

    assertEquals("OriginRequest[url=http://example.com/a, headers=[Authorization]]", text);
    assertFalse(text.contains("secret"));
  }

  @Test
  void create_hopByHopHeaders_keepsOnlyForwardable() {
    OriginRequest request =
        new OriginRequest(
            URI.create("http://example.com/a"),
            List.of(RawHeader.create("Host", "x"), RawHeader.create("Accept", "*/*")));

    List<String> names = request.headers().stream().map(h -> h.name()).toList();

    assertEquals(List.of("Accept"), names);
  }

  @Test
  void create_ftpUrl_isRefused() {
    URI ftp = URI.create("ftp://example.com/a");

    assertThrows(IllegalArgumentException.class, () -> OriginRequest.of(ftp));
  }
}
