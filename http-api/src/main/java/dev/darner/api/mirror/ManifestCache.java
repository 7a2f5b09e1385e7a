package dev.darner.api.mirror;

import dev.darner.task.Digest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests and indexes kept in memory by digest, the least recently used dropped first once their
 * bytes pass the limit. Only content whose digest was checked goes in, so an entry can be served to
 * anyone the registry lets read it.
 */
final class ManifestCache {

  /** A manifest as the registry served it. */
  record Manifest(byte[] body, String mediaType) {}

  private final long maxBytes;
  private final LinkedHashMap<Digest, Manifest> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  ManifestCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Returns the manifest whose digest is {@code digest}, if held. */
  synchronized Optional<Manifest> get(Digest digest) {
    return Optional.ofNullable(entries.get(digest));
  }

  /** Keeps {@code manifest}, whose content has digest {@code digest}, unless it is too large. */
  synchronized void put(Digest digest, Manifest manifest) {
    if (manifest.body().length > maxBytes) {
      return;
    }
    Manifest previous = entries.put(digest, manifest);
    bytes += manifest.body().length - (previous == null ? 0 : previous.body().length);
    Iterator<Map.Entry<Digest, Manifest>> oldest = entries.entrySet().iterator();
    while (bytes > maxBytes && oldest.hasNext()) {
      bytes -= oldest.next().getValue().body().length;
      oldest.remove();
    }
  }

  /** Returns how many bytes of manifests are held. */
  synchronized long bytes() {
    return bytes;
  }
}
