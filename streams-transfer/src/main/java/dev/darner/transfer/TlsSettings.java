package dev.darner.transfer;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS between peers: every host presents its certificate from its key store and trusts the peers
 * whose certificates chain to its trust store, normally one cluster CA.
 *
 * <p>Host names are not verified by default, as in Pekko's own remoting TLS: peers are reached by
 * address and the trust store is the control. Turn {@code verifyHostname} on when certificates
 * carry the names or addresses peers are reached at.
 */
public record TlsSettings(
    SSLContext context, List<String> protocols, boolean requireClientAuth, boolean verifyHostname) {

  public TlsSettings {
    Objects.requireNonNull(context, "context");
    protocols = List.copyOf(protocols);
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("tls protocols must not be empty");
    }
  }

  /**
   * Returns the TLS settings in a {@code darner.transfer.tls} section, or empty when TLS is off.
   *
   * @throws IllegalArgumentException naming the store when it cannot be read
   */
  public static Optional<TlsSettings> fromConfig(Config tls) {
    if (!tls.getBoolean("enabled")) {
      return Optional.empty();
    }
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      char[] keyPassword = tls.getString("key-store-password").toCharArray();
      keys.init(load(tls, "key-store", keyPassword), keyPassword);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(tls, "trust-store", tls.getString("trust-store-password").toCharArray()));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return Optional.of(
          new TlsSettings(
              context,
              tls.getStringList("protocols"),
              tls.getBoolean("require-client-auth"),
              tls.getBoolean("verify-hostname")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("tls key or trust store unusable: " + e.getMessage(), e);
    }
  }

  /** Returns a new engine for the server side of one connection. */
  public SSLEngine serverEngine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(protocols.toArray(String[]::new));
    engine.setNeedClientAuth(requireClientAuth);
    return engine;
  }

  /** Returns a new engine for a connection to the parent at {@code host}:{@code port}. */
  public SSLEngine clientEngine(String host, int port) {
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    engine.setEnabledProtocols(protocols.toArray(String[]::new));
    if (verifyHostname) {
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    }
    return engine;
  }

  private static KeyStore load(Config tls, String key, char[] password)
      throws GeneralSecurityException {
    Path path = Path.of(tls.getString(key));
    KeyStore store = KeyStore.getInstance(tls.getString(key + "-type"));
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password);
      return store;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read tls " + key + " " + path + ": " + e, e);
    }
  }
}
