package dev.darner.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads the AZ of the Kubernetes node a pod runs on from a label of the Node object, such as {@code
 * topology.kubernetes.io/zone}.
 *
 * <p>The downward API gives a pod its node's name but, before Kubernetes 1.33, not the node's
 * labels; so the pod reads its Node through the API server with its service account, which needs
 * {@code get} on {@code nodes} (deploy/kubernetes/rbac.yaml grants it).
 */
final class KubernetesZone {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final URI apiServer;
  private final Optional<String> token;
  private final HttpClient http;

  KubernetesZone(URI apiServer, Optional<String> token, HttpClient http) {
    this.apiServer = apiServer;
    this.token = token;
    this.http = http;
  }

  /**
   * Returns the lookup a pod makes with its service account, reaching the API server the
   * environment names.
   *
   * @throws IOException when the service account's files cannot be read
   */
  static KubernetesZone inCluster(Map<String, String> env) throws IOException {
    String host = require(env, "KUBERNETES_SERVICE_HOST");
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    String token = Files.readString(ACCOUNT.resolve("token"), StandardCharsets.UTF_8).strip();
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(trusting(ACCOUNT.resolve("ca.crt")))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return new KubernetesZone(
        URI.create("https://" + authority + ":" + port), Optional.of(token), http);
  }

  /**
   * Returns {@code config} with {@code darner.node.az} set from the label {@code
   * darner.node.az-from-node-label} names, of the node {@code NODE_NAME} names; {@code config}
   * itself when that key is empty.
   *
   * @throws IllegalStateException when the label cannot be read: a node in the wrong AZ would do
   *     harm, so it does not start
   */
  static Config resolveAz(Config config, Map<String, String> env) {
    String label = config.getString("darner.node.az-from-node-label");
    if (label.isBlank()) {
      return config;
    }
    String nodeName = require(env, "NODE_NAME");
    try {
      String az = inCluster(env).zone(nodeName, label);
      return config.withValue("darner.node.az", ConfigValueFactory.fromAnyRef(az));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the AZ from label " + label + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the AZ from label " + label, e);
    }
  }

  /**
   * Returns the value of label {@code label} of the node {@code nodeName}.
   *
   * @throws IOException when the API server cannot be asked, refuses, or the node lacks the label
   */
  String zone(String nodeName, String label) throws IOException, InterruptedException {
    URI uri =
        apiServer.resolve("/api/v1/nodes/" + URLEncoder.encode(nodeName, StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "reading node "
              + nodeName
              + " from the Kubernetes API answered "
              + response.statusCode()
              + "; may the service account get nodes?");
    }
    return labelOf(JSON.readTree(response.body()), label)
        .orElseThrow(() -> new IOException("node " + nodeName + " has no label " + label));
  }

  /** Returns the value of {@code label} in the Node object {@code node}. */
  static Optional<String> labelOf(JsonNode node, String label) {
    JsonNode value = node.path("metadata").path("labels").path(label);
    return value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name
              + " is not set; darner.node.az-from-node-label works only in a Kubernetes pod"
              + (name.equals("NODE_NAME") ? " whose spec sets NODE_NAME from spec.nodeName" : ""));
    }
    return value;
  }

  private static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the cluster CA in " + caFile, e);
    }
  }
}
