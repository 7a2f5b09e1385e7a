package dev.darner.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {

  @TempDir Path dir;

  @Test
  void load_tokenFile_winsOverEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file\n");

    Optional<String> token = ApiTokens.load(config(file.toString()), Map.of(ApiTokens.ENV, "env"));

    assertEquals(Optional.of("from-file"), token);
  }

  @Test
  void load_noFile_takesEnvironment() {
    assertEquals(Optional.of("env"), ApiTokens.load(config(""), Map.of(ApiTokens.ENV, "env")));
    assertEquals(Optional.empty(), ApiTokens.load(config(""), Map.of()));
  }

  @Test
  void load_emptyOrMissingFile_refusedNamingIt() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiTokens.load(config(empty.toString()), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> ApiTokens.load(config(dir.resolve("none").toString()), Map.of()));

    assertEquals("darner.api.token-file " + empty + " is empty", e.getMessage());
  }

  private static Config config(String file) {
    return ConfigFactory.parseMap(Map.of("darner.api.token-file", file));
  }
}
