package dev.darner.api.mirror;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code /v2/} path asks of a registry, after the OCI distribution specification: the base
 * ({@code /v2/}), a manifest or a blob of a repository, or anything else of a repository (tag
 * lists, referrers), which passes through.
 *
 * @param kind what is asked for
 * @param repository the repository name, such as {@code library/alpine}; empty for the base
 * @param reference the tag or digest of a manifest, the digest of a blob, or the rest of the path
 */
record RegistryPath(Kind kind, String repository, String reference) {

  /** The kinds of registry path the mirror tells apart. */
  enum Kind {
    BASE,
    MANIFEST,
    BLOB,
    OTHER
  }

  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern NAMED =
      Pattern.compile(
          "/v2/(" + COMPONENT + "(?:/" + COMPONENT + ")*)/(manifests|blobs|tags|referrers)/(.+)");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

  /** Returns what {@code path} asks for, or empty when it is no registry path. */
  static Optional<RegistryPath> parse(String path) {
    if (path.equals("/v2") || path.equals("/v2/")) {
      return Optional.of(new RegistryPath(Kind.BASE, "", ""));
    }
    Matcher m = NAMED.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String name = m.group(1);
    String reference = m.group(3);
    return switch (m.group(2)) {
      case "manifests" ->
          TAG.matcher(reference).matches() || DIGEST.matcher(reference).matches()
              ? Optional.of(new RegistryPath(Kind.MANIFEST, name, reference))
              : Optional.empty();
      case "blobs" ->
          DIGEST.matcher(reference).matches()
              ? Optional.of(new RegistryPath(Kind.BLOB, name, reference))
              : Optional.of(new RegistryPath(Kind.OTHER, name, "blobs/" + reference));
      default -> Optional.of(new RegistryPath(Kind.OTHER, name, m.group(2) + "/" + reference));
    };
  }

  /** Returns whether the reference of a manifest is a digest rather than a tag. */
  boolean byDigest() {
    return DIGEST.matcher(reference).matches();
  }

  /** Returns the path of this request on the registry, starting with {@code /v2/}. */
  String upstreamPath() {
    return switch (kind) {
      case BASE -> "/v2/";
      case MANIFEST -> "/v2/" + repository + "/manifests/" + reference;
      case BLOB -> "/v2/" + repository + "/blobs/" + reference;
      case OTHER -> "/v2/" + repository + "/" + reference;
    };
  }
}
