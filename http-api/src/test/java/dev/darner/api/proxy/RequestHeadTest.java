package dev.darner.api.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

  @Test
  void accept_headSplitAcrossChunks_headThenRestUnchanged() {
    RequestHead head = new RequestHead();

    List<ByteString> first = head.accept(ByteString.fromString("CONNECT a:443 HTTP/1.1\r\nHo"));
    List<ByteString> second = head.accept(ByteString.fromString("st: a\r\n\r\nTLS"));
    List<ByteString> third = head.accept(ByteString.fromString("more"));

    assertTrue(first.isEmpty());
    assertEquals("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", second.get(0).utf8String());
    assertEquals("TLS", second.get(1).utf8String());
    assertEquals(List.of(ByteString.fromString("more")), third);
  }

  @Test
  void connectTarget_connectOrPlainRequest_authorityOrNull() {
    assertEquals(
        "registry.example:443",
        RequestHead.connectTarget(
            ByteString.fromString("CONNECT registry.example:443 HTTP/1.1\r\n\r\n")));
    assertNull(RequestHead.connectTarget(ByteString.fromString("GET http://a/ HTTP/1.1\r\n\r\n")));
  }

  @Test
  void goesPeerToPeer_ruleFoundAnywhereInUrl_true() {
    ProxySettings settings =
        new ProxySettings(true, 0, List.of(Pattern.compile("blobs/sha256:")), false);

    assertTrue(settings.goesPeerToPeer("http://r.example/v2/a/blobs/sha256:00"));
    assertTrue(!settings.goesPeerToPeer("http://r.example/v2/a/manifests/v1"));
  }
}
