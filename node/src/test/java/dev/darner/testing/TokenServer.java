package dev.darner.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A token server for the registry's {@code token} authentication, as Docker's protocol wants it:
 * {@code GET /token?service=…&scope=repository:NAME:ACTIONS} answers a JWT signed with a test RSA
 * key whose certificate the registry trusts.
 *
 * <p>Both ways clients ask are served: a GET with Basic credentials, and the OAuth2 password grant
 * POSTed as a form. The user {@value #USER} with password {@value #PASSWORD} gets every action it
 * asks for; anybody else gets pull access to repositories under {@code public/} and nothing more,
 * so a private repository refuses them.
 */
public final class TokenServer implements AutoCloseable {

  /** The service name the registry and the tokens share. */
  public static final String SERVICE = "darner-test-registry";

  /** The issuer the registry expects. */
  public static final String ISSUER = "darner-test-issuer";

  /** The one known user. */
  public static final String USER = "alice";

  /** Its password. */
  public static final String PASSWORD = "wonderland";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STORE_PASSWORD = "test-only";

  private final HttpServer server;
  private final PrivateKey key;
  private final String keyId;
  private final Path certificate;

  private TokenServer(HttpServer server, PrivateKey key, String keyId, Path certificate) {
    this.server = server;
    this.key = key;
    this.keyId = keyId;
    this.certificate = certificate;
  }

  /** Starts a token server on 127.0.0.1 whose key and certificate live under {@code dir}. */
  public static TokenServer start(Path dir) throws Exception {
    Path store = dir.resolve("token-key.p12");
    Path certificate = dir.resolve("token-cert.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    ChildProcess.run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "token",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=darner-test-token",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            STORE_PASSWORD),
        dir.resolve("keytool-gen.log"),
        60);
    ChildProcess.run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "token",
            "-keystore",
            store.toString(),
            "-storepass",
            STORE_PASSWORD,
            "-file",
            certificate.toString()),
        dir.resolve("keytool-export.log"),
        60);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, STORE_PASSWORD.toCharArray());
    }
    PrivateKey key = (PrivateKey) keys.getKey("token", STORE_PASSWORD.toCharArray());
    PublicKey publicKey = keys.getCertificate("token").getPublicKey();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    TokenServer tokens = new TokenServer(server, key, libtrustKeyId(publicKey), certificate);
    server.createContext("/token", tokens::handle);
    server.start();
    return tokens;
  }

  /** Returns the URL the registry sends clients to for tokens. */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** Returns the PEM certificate the registry checks tokens against. */
  public Path certificate() {
    return certificate;
  }

  /** Returns a token for {@code scope} as the known user would get it, for a client's header. */
  public String tokenFor(String scope) throws GeneralSecurityException, IOException {
    return issue(Optional.of(USER), scope);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = params(exchange.getRequestURI().getRawQuery());
      Optional<String> user = authenticatedUser(exchange);
      if (exchange.getRequestMethod().equals("POST")) {
        // containerd asks with an OAuth2 password grant in a form before trying Basic on a GET.
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        query.putAll(params(form));
        boolean known =
            USER.equals(query.get("username")) && PASSWORD.equals(query.get("password"));
        user = known ? Optional.of(USER) : Optional.empty();
      }
      String scope = query.getOrDefault("scope", "");
      byte[] body;
      try {
        String token = issue(user, scope);
        body = JSON.writeValueAsBytes(Map.of("token", token, "access_token", token));
      } catch (GeneralSecurityException e) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private String issue(Optional<String> user, String scope)
      throws GeneralSecurityException, IOException {
    List<Map<String, Object>> access = new java.util.ArrayList<>();
    for (String one : scope.split(" ")) {
      String[] parts = one.split(":");
      if (parts.length != 3 || !parts[0].equals("repository")) {
        continue;
      }
      List<String> wanted = List.of(parts[2].split(","));
      List<String> granted =
          user.isPresent()
              ? wanted
              : parts[1].startsWith("public/") && wanted.contains("pull")
                  ? List.of("pull")
                  : List.of();
      if (!granted.isEmpty()) {
        access.add(Map.of("type", "repository", "name", parts[1], "actions", granted));
      }
    }
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", user.orElse(""));
    claims.put("aud", SERVICE);
    claims.put("exp", now + 600);
    claims.put("nbf", now - 60);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("access", access);
    Map<String, Object> header = Map.of("typ", "JWT", "alg", "RS256", "kid", keyId);
    String signingInput =
        base64Url(JSON.writeValueAsBytes(header)) + "." + base64Url(JSON.writeValueAsBytes(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + base64Url(rsa.sign());
  }

  private static Optional<String> authenticatedUser(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return Optional.empty();
    }
    String decoded =
        new String(
            Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    return decoded.equals(USER + ":" + PASSWORD) ? Optional.of(USER) : Optional.empty();
  }

  private static Map<String, String> params(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      String decoded = java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
      params.merge(name, decoded, (a, b) -> a + " " + b);
    }
    return params;
  }

  /**
   * Returns the key id the registry gives a trusted key (libtrust's): the SHA-256 of the DER public
   * key, cut to 240 bits, in base32, in groups of four joined by colons.
   */
  private static String libtrustKeyId(PublicKey key) throws GeneralSecurityException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder base32 = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < 30; i++) {
      buffer = (buffer << 8) | (hash[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        base32.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < base32.length(); i += 4) {
      if (i > 0) {
        id.append(':');
      }
      id.append(base32, i, i + 4);
    }
    return id.toString();
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
