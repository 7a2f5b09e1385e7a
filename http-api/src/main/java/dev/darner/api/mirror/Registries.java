package dev.darner.api.mirror;

import dev.darner.api.DownloadFailure;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The allowlist of upstream registries: the mirror and preheats fetch from these and nothing else,
 * so that a node never becomes an open proxy to whatever a client names.
 */
public final class Registries {

  private final Map<String, URI> bases;
  private final String defaultName;

  /** Returns the allowlist of {@code settings}. */
  public Registries(MirrorSettings settings) {
    this.bases = settings.registries();
    this.defaultName = settings.defaultRegistry();
  }

  /**
   * Returns the base URL of the registry named {@code ns}, or of the default registry when there is
   * no {@code ns}.
   *
   * @throws DownloadFailure of kind FORBIDDEN naming the registry when it is not allowed
   */
  public URI resolve(Optional<String> ns) {
    String name = ns.filter(n -> !n.isBlank()).orElse(defaultName);
    if (name.isEmpty()) {
      throw new DownloadFailure(
          DownloadFailure.Kind.FORBIDDEN,
          "no ns parameter names the registry, and darner.mirror.default-registry is empty");
    }
    URI base = bases.get(name);
    if (base == null) {
      throw new DownloadFailure(
          DownloadFailure.Kind.FORBIDDEN,
          "registry '"
              + name
              + "' is not in darner.mirror.registries; this mirror will not reach it");
    }
    return base;
  }
}
