package dev.darner.api.preheat;

import dev.darner.task.Digest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as people write it, {@code [registry/]repository[:tag][@digest]}, split the
 * way container runtimes split it: the first component names a registry when it holds a dot or a
 * port or is {@code localhost}; otherwise the image is on Docker Hub, where a one-component name
 * lives under {@code library/}.
 *
 * @param registry the registry's name as the mirror's allowlist knows it, such as {@code docker.io}
 *     or {@code registry.example.com:5000}
 * @param repository the repository, such as {@code library/alpine}
 * @param reference the digest when given, else the tag ({@code latest} when none)
 */
public record ImageReference(String registry, String repository, String reference) {

  /** The registry of references that name none. */
  public static final String DOCKER_HUB = "docker.io";

  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern REGISTRY =
      Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]{1,5})?");

  /**
   * Returns the reference written as {@code text}.
   *
   * @throws IllegalArgumentException naming the reference when it is malformed
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("image reference is missing");
    }
    String rest = text.trim();
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(parseDigest(rest.substring(at + 1), text));
      rest = rest.substring(0, at);
    }
    String tag = "latest";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw bad(text, "tag '" + tag + "' is not a valid tag");
      }
    }
    String registry = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash > 0 && isRegistry(rest.substring(0, slash))) {
      registry = rest.substring(0, slash);
      rest = rest.substring(slash + 1);
      if (!REGISTRY.matcher(registry).matches()) {
        throw bad(text, "registry '" + registry + "' is not a host name with an optional port");
      }
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      throw bad(text, "repository '" + rest + "' must be lower-case components separated by /");
    }
    return new ImageReference(registry, rest, digest.orElse(tag));
  }

  /** Returns whether the reference is a digest rather than a tag. */
  public boolean byDigest() {
    return reference.startsWith("sha256:");
  }

  @Override
  public String toString() {
    return registry + "/" + repository + (byDigest() ? "@" : ":") + reference;
  }

  private static boolean isRegistry(String component) {
    return component.contains(".") || component.contains(":") || component.equals("localhost");
  }

  private static String parseDigest(String digest, String text) {
    try {
      return Digest.parse(digest).toString();
    } catch (IllegalArgumentException e) {
      throw bad(text, e.getMessage());
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("malformed image reference '" + text + "': " + why);
  }
}
