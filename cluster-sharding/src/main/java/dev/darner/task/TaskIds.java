package dev.darner.task;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Derives task ids as the design fixes them.
 *
 * <p>With a known content digest the id depends on the digest alone, so one blob reached through
 * two registries or two tags is one task. Without one it depends on the canonical URL: scheme and
 * host in lower case, the default port dropped, the fragment and any user info (credentials)
 * dropped, query parameters sorted with the ignored ones removed; plus an optional tag. Each
 * canonical form starts with its kind, so a URL can never collide with a digest.
 */
public final class TaskIds {

  private TaskIds() {}

  /** Returns the id of the task whose content has {@code digest}. */
  public static TaskId forDigest(Digest digest) {
    return hash("digest\n" + digest);
  }

  /**
   * Returns the id of the task at {@code url}.
   *
   * @param url an absolute http or https URL
   * @param ignoredQueryParameters names of query parameters that do not change the content, such as
   *     signatures and expiry times of pre-signed URLs
   * @param tag an optional label that separates two tasks at the same URL; empty for none
   * @throws IllegalArgumentException naming the URL when it is not an absolute http(s) URL
   */
  public static TaskId forUrl(String url, Collection<String> ignoredQueryParameters, String tag) {
    return hash("url\n" + canonicalUrl(url, ignoredQueryParameters) + "\ntag\n" + tag);
  }

  /** Returns the id for {@code digest} when present, else the one for the URL. */
  public static TaskId of(
      String url, Optional<Digest> digest, Collection<String> ignoredQueryParameters, String tag) {
    return digest.map(TaskIds::forDigest).orElseGet(() -> forUrl(url, ignoredQueryParameters, tag));
  }

  /**
   * Returns the canonical form of {@code url} that task ids are derived from.
   *
   * @throws IllegalArgumentException naming the URL when it is not an absolute http(s) URL
   */
  public static String canonicalUrl(String url, Collection<String> ignoredQueryParameters) {
    URI uri = parseHttpUrl(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder canonical = new StringBuilder(scheme).append("://").append(host);
    if (!defaultPort) {
      canonical.append(':').append(port);
    }
    canonical.append(path);
    String query = canonicalQuery(uri.getRawQuery(), Set.copyOf(ignoredQueryParameters));
    if (!query.isEmpty()) {
      canonical.append('?').append(query);
    }
    return canonical.toString();
  }

  /**
   * Returns {@code url} parsed, if it is an absolute http or https URL with a host.
   *
   * @throws IllegalArgumentException naming the URL otherwise
   */
  public static URI parseHttpUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url is missing");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed url: " + url + " (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("url must start with http:// or https://: " + url);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("url has no host: " + url);
    }
    return uri;
  }

  private static String canonicalQuery(String rawQuery, Set<String> ignored) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!ignored.contains(name)) {
        kept.add(pair);
      }
    }
    return kept.stream().sorted().collect(Collectors.joining("&"));
  }

  private static TaskId hash(String canonical) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] sum = sha256.digest(canonical.getBytes(StandardCharsets.UTF_8));
      return new TaskId(HexFormat.of().formatHex(sum));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
