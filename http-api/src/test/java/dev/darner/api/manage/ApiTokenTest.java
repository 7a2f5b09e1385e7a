package dev.darner.api.manage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokenTest {

  @Test
  void check_loopbackWithoutToken_letsEveryoneIn() {
    ApiToken token = ApiToken.of(true, Optional.empty());

    assertDoesNotThrow(() -> token.check(Optional.empty()));
  }

  @Test
  void check_beyondLoopbackWithoutToken_refusesAll() {
    ApiToken token = ApiToken.of(false, Optional.empty());

    ManagementFailure refused =
        assertThrows(ManagementFailure.class, () -> token.check(Optional.of("Bearer x")));

    assertEquals(ManagementFailure.Kind.FORBIDDEN, refused.kind());
  }

  @Test
  void check_rightBearerToken_passes() {
    ApiToken token = ApiToken.of(false, Optional.of("abc"));

    assertDoesNotThrow(() -> token.check(Optional.of("Bearer abc")));
  }

  @Test
  void check_wrongOrMissingToken_unauthorized() {
    ApiToken token = ApiToken.of(true, Optional.of("abc"));

    ManagementFailure wrong =
        assertThrows(ManagementFailure.class, () -> token.check(Optional.of("Bearer abd")));
    ManagementFailure missing =
        assertThrows(ManagementFailure.class, () -> token.check(Optional.empty()));
    ManagementFailure basic =
        assertThrows(ManagementFailure.class, () -> token.check(Optional.of("Basic abc")));

    assertEquals(ManagementFailure.Kind.UNAUTHORIZED, wrong.kind());
    assertEquals(ManagementFailure.Kind.UNAUTHORIZED, missing.kind());
    assertEquals(ManagementFailure.Kind.UNAUTHORIZED, basic.kind());
  }

  @Test
  void of_blankToken_refused() {
    assertThrows(IllegalArgumentException.class, () -> ApiToken.of(false, Optional.of(" ")));
  }
}
