package dev.darner.api.manage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Guards the management endpoints that change things (leave, down, task removal, preheat).
 *
 * <p>A node that listens on loopback only lets every local caller in: whoever can reach it can
 * already read its files. A node that listens beyond loopback wants {@code Authorization: Bearer
 * TOKEN}; when it has no token configured it refuses every change, so a forgotten token never
 * leaves a cluster open to the network.
 */
public final class ApiToken {

  private enum Mode {
    OPEN,
    REQUIRED,
    CLOSED
  }

  private static final String BEARER = "Bearer ";

  private final Mode mode;
  private final byte[] token;

  private ApiToken(Mode mode, byte[] token) {
    this.mode = mode;
    this.token = token;
  }

  /**
   * Returns the guard of a node: open when it listens on loopback only, else requiring {@code
   * token}, or closed when there is none.
   */
  public static ApiToken of(boolean loopbackOnly, Optional<String> token) {
    Objects.requireNonNull(token, "token");
    if (token.isPresent() && token.get().isBlank()) {
      throw new IllegalArgumentException("the API token must not be blank");
    }
    if (token.isPresent()) {
      return new ApiToken(Mode.REQUIRED, token.get().getBytes(StandardCharsets.UTF_8));
    }
    return new ApiToken(loopbackOnly ? Mode.OPEN : Mode.CLOSED, new byte[0]);
  }

  /** Returns whether changes are refused whatever the caller sends. */
  public boolean refusesAll() {
    return mode == Mode.CLOSED;
  }

  /**
   * Checks the {@code Authorization} header of a request that changes something.
   *
   * @throws ManagementFailure UNAUTHORIZED when the token is missing or wrong, FORBIDDEN when the
   *     node takes no changes over the network
   */
  public void check(Optional<String> authorization) {
    switch (mode) {
      case OPEN -> {}
      case CLOSED ->
          throw new ManagementFailure(
              ManagementFailure.Kind.FORBIDDEN,
              "this node listens beyond loopback and has no API token; set darner.api.token-file"
                  + " or DARNER_API_TOKEN to allow changes");
      case REQUIRED -> {
        String header = authorization.orElse("");
        if (!header.startsWith(BEARER)) {
          throw new ManagementFailure(
              ManagementFailure.Kind.UNAUTHORIZED, "this request needs Authorization: Bearer");
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        // Constant time, so the answer's timing does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(given, token)) {
          throw new ManagementFailure(ManagementFailure.Kind.UNAUTHORIZED, "wrong API token");
        }
      }
    }
  }
}
