package dev.darner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HostsTomlTest {

  @Test
  void render_dockerHub_serverIsRegistryOneAndNodeIsPullMirror() {
    String toml =
        HostsToml.render(
            "docker.io",
            HostsToml.serverOf("docker.io", false),
            URI.create("http://127.0.0.1:65001/"));

    assertTrue(toml.contains("server = \"https://registry-1.docker.io\""), toml);
    assertTrue(toml.contains("[host.\"http://127.0.0.1:65001\"]"), toml);
    assertTrue(toml.contains("capabilities = [\"pull\", \"resolve\"]"), toml);
  }

  @Test
  void serverOf_plainHttpRegistry_http() {
    assertEquals(URI.create("http://10.0.0.5:5000"), HostsToml.serverOf("10.0.0.5:5000", true));
  }

  @Test
  void render_notAHost_refusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> HostsToml.render("a/b", URI.create("https://a"), URI.create("http://n")));

    assertTrue(e.getMessage().contains("a/b"));
  }
}
