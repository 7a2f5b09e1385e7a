package dev.darner.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the bearer token of the management API: the file {@code darner.api.token-file} names, else
 * the environment variable {@code DARNER_API_TOKEN}. Never a flag, which {@code ps} would show.
 */
final class ApiTokens {

  /** The environment variable that may hold the token. */
  static final String ENV = "DARNER_API_TOKEN";

  private ApiTokens() {}

  /**
   * Returns the token, or empty when neither the file nor the variable gives one.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or is empty
   */
  static Optional<String> load(Config config, Map<String, String> env) {
    String file = config.getString("darner.api.token-file");
    if (!file.isBlank()) {
      String token;
      try {
        token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read darner.api.token-file " + file, e);
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException("cannot read darner.api.token-file " + file, e);
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("darner.api.token-file " + file + " is empty");
      }
      return Optional.of(token);
    }
    String fromEnv = env.get(ENV);
    return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(fromEnv.strip());
  }
}
