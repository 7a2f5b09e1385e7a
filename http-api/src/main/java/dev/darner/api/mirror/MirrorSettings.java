package dev.darner.api.mirror;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the registry mirror, read once from {@code darner.mirror}.
 *
 * @param registries the upstream registries the mirror may reach, by the name clients give in the
 *     {@code ns} parameter (the registry host of an image reference), each with its base URL
 * @param defaultRegistry the name used when a request has no {@code ns}; empty to refuse those
 * @param accessTtl how long a registry's yes to "may this credential read this" is reused
 * @param manifestCacheBytes the most bytes of manifests kept in memory by digest
 * @param maxManifestBytes the largest manifest the mirror accepts from a registry
 */
public record MirrorSettings(
    Map<String, URI> registries,
    String defaultRegistry,
    Duration accessTtl,
    long manifestCacheBytes,
    int maxManifestBytes) {

  public MirrorSettings {
    registries = Map.copyOf(registries);
    registries.forEach(MirrorSettings::checkBase);
    if (!defaultRegistry.isEmpty() && !registries.containsKey(defaultRegistry)) {
      throw new IllegalArgumentException(
          "darner.mirror.default-registry '"
              + defaultRegistry
              + "' is not one of darner.mirror.registries "
              + registries.keySet());
    }
  }

  /** Returns the settings under {@code darner.mirror} of {@code config}. */
  public static MirrorSettings fromConfig(Config config) {
    Config c = config.getConfig("darner.mirror");
    Map<String, URI> registries = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject("registries").entrySet()) {
      registries.put(e.getKey(), URI.create(String.valueOf(e.getValue().unwrapped())));
    }
    return new MirrorSettings(
        registries,
        c.getString("default-registry"),
        c.getDuration("access-ttl"),
        c.getMemorySize("manifest-cache-size").toBytes(),
        (int) c.getMemorySize("max-manifest-size").toBytes());
  }

  private static void checkBase(String name, URI base) {
    String scheme = base.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || base.getHost() == null) {
      throw new IllegalArgumentException(
          "darner.mirror.registries: '" + name + "' must map to an http(s) URL, not " + base);
    }
  }
}
