package dev.darner.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginExceptionTest {

  private static final URI SIGNED =
      URI.create("https://user:pw@bucket.example:8443/blobs/a.bin?X-Amz-Signature=secret#frag");

  @Test
  void getMessage_signedUrl_namesUrlWithoutCredentialsAndStatus() {
    OriginException failure = OriginException.forStatus(SIGNED, 403, "Forbidden", Optional.empty());

    String message = failure.getMessage();

    assertEquals(
        "Back-to-source from https://bucket.example:8443/blobs/a.bin failed: 403 Forbidden",
        message);
  }

  @ParameterizedTest
  @CsvSource({
    "404, NOT_FOUND, false",
    "410, NOT_FOUND, false",
    "401, CLIENT_ERROR, false",
    "408, CLIENT_ERROR, true",
    "429, CLIENT_ERROR, true",
    "500, SERVER_ERROR, true",
    "501, SERVER_ERROR, false",
    "502, SERVER_ERROR, true",
    "503, SERVER_ERROR, true",
    "504, SERVER_ERROR, true",
    "304, BAD_RESPONSE, false",
    "204, BAD_RESPONSE, false"
  })
  void forStatus_status_hasKindAndTransience(
      int status, OriginException.Kind kind, boolean transientFailure) {
    OriginException failure = OriginException.forStatus(SIGNED, status, "", Optional.empty());

    assertEquals(kind, failure.kind());
    assertEquals(transientFailure, failure.isTransient());
    assertEquals(status, failure.status().getAsInt());
  }

  @Test
  void truncated_knownLength_saysHowFarItGot() {
    OriginException failure = OriginException.truncated(SIGNED, 10, 100, null);

    assertTrue(failure.getMessage().endsWith("the body ended after 10 of 100 bytes"));
    assertTrue(failure.isTransient());
    assertFalse(failure.status().isPresent());
  }
}
