package dev.darner.api.proxy;

import com.typesafe.config.Config;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The settings of the proxy, read once from {@code darner.proxy}.
 *
 * @param enabled whether the node acts as a proxy at all
 * @param port the port of the proxy front that takes {@code CONNECT} tunnels as well as plain proxy
 *     requests; 0 picks a free one
 * @param rules the URLs that go peer-to-peer: a GET whose URL one of them finds a match in
 * @param remoteClients whether hosts other than this one may use the proxy
 */
public record ProxySettings(boolean enabled, int port, List<Pattern> rules, boolean remoteClients) {

  public ProxySettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("darner.proxy.port must be 0..65535, was " + port);
    }
    rules = List.copyOf(rules);
  }

  /**
   * Returns the settings under {@code darner.proxy} of {@code config}.
   *
   * @throws IllegalArgumentException naming the rule when one is not a regular expression
   */
  public static ProxySettings fromConfig(Config config) {
    Config c = config.getConfig("darner.proxy");
    return new ProxySettings(
        c.getBoolean("enabled"),
        c.getInt("port"),
        c.getStringList("rules").stream().map(ProxySettings::compile).toList(),
        c.getBoolean("remote-clients"));
  }

  /** Returns whether a GET of {@code url} goes peer-to-peer. */
  public boolean goesPeerToPeer(String url) {
    return rules.stream().anyMatch(rule -> rule.matcher(url).find());
  }

  private static Pattern compile(String rule) {
    try {
      return Pattern.compile(rule);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "darner.proxy.rules holds '" + rule + "', not a regular expression: " + e.getMessage(),
          e);
    }
  }
}
