package dev.darner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.darner.api.HealthRoutes;
import dev.darner.node.NodeConfig;
import dev.darner.node.NodeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every file of {@code deploy/} parses, and its arguments, ports, probe paths and settings match
 * the real command line and {@code reference.conf}, so the manifests cannot drift from the code.
 */
class DeployManifestsTest {

  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Config REFERENCE = ConfigFactory.defaultReference();

  @TempDir Path tmp;

  @Test
  void kubernetes_everyManifest_parsesAndIsListedInKustomization() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(KUBERNETES)) {
      list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .forEach(files::add);
    }

    Set<String> listed = new TreeSet<>();
    docs("kustomization.yaml").get(0).get("resources").forEach(r -> listed.add(r.asText()));
    for (String file : files) {
      assertFalse(docs(file).isEmpty(), file);
      docs(file).forEach(doc -> assertTrue(doc.hasNonNull("kind"), file + ": " + doc));
    }

    assertEquals(files, listed);
  }

  @Test
  void workloads_argsPortsAndProbes_matchTheNodeTheyStart() throws Exception {
    List<JsonNode> workloads = workloads();

    assertEquals(3, workloads.size(), "the peer DaemonSet and one seed StatefulSet per AZ");
    for (JsonNode workload : workloads) {
      String name = workload.at("/metadata/name").asText();
      JsonNode pod = workload.at("/spec/template");
      JsonNode container = pod.at("/spec/containers/0");
      Map<String, Integer> ports = new HashMap<>();
      container
          .get("ports")
          .forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));

      Config config = nodeConfig(container, pod);
      NodeSettings settings = NodeSettings.fromConfig(config);

      assertEquals(settings.httpPort(), ports.get("http"), name);
      assertEquals(settings.piecePort(), ports.get("piece"), name);
      assertEquals(settings.clusterPort(), ports.get("cluster"), name);
      assertEquals(config.getInt("darner.node.management-port"), ports.get("management"), name);
      assertTrue(
          ports.containsKey(
              config.getString(
                  "pekko.management.cluster.bootstrap.contact-point-discovery.port-name")),
          name + " names the management port as bootstrap looks for it");
      assertEquals("kubernetes", config.getString("darner.node.discovery"), name);
      assertEquals(HealthRoutes.LIVE_PATH, container.at("/livenessProbe/httpGet/path").asText());
      assertEquals(HealthRoutes.LIVE_PATH, container.at("/startupProbe/httpGet/path").asText());
      assertEquals(HealthRoutes.READY_PATH, container.at("/readinessProbe/httpGet/path").asText());
      for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
        assertEquals("http", container.at("/" + probe + "/httpGet/port").asText(), name);
      }
      assertFalse(settings.loopbackOnly(), name);
      assertEquals(
          "darner-api-token",
          env(container, "DARNER_API_TOKEN").at("/valueFrom/secretKeyRef/name").asText(),
          name + " needs the API token");
      assertEquals(
          "spec.nodeName",
          env(container, "NODE_NAME").at("/valueFrom/fieldRef/fieldPath").asText(),
          name + " reads its zone by node name");
      String selector =
          config
              .getString("pekko.discovery.kubernetes-api.pod-label-selector")
              .formatted(
                  config.getString(
                      "pekko.management.cluster.bootstrap.contact-point-discovery.service-name"));
      String[] label = selector.split("=");
      assertEquals(label[1], pod.at("/metadata/labels").get(label[0]).asText(), name);
      assertTrue(container.at("/resources/requests/memory").isTextual(), name);
      assertEquals("darner", pod.at("/spec/serviceAccountName").asText(), name);
    }
  }

  @Test
  void configMap_settings_existInReferenceConf() throws IOException {
    Config conf = ConfigFactory.parseString(configMap().get("darner.conf").asText());

    assertKnownKeys(conf, "configmap darner.conf");
    assertEquals("topology.kubernetes.io/zone", conf.getString("darner.node.az-from-node-label"));
  }

  @Test
  void configMap_hostsToml_pointsAtTheNodesHttpPortLikeTheContainerdExample() throws IOException {
    String inConfigMap = configMap().get("hosts.toml").asText();
    String example = Files.readString(DEPLOY.resolve("containerd/hosts.toml"));
    int httpPort = REFERENCE.getInt("darner.node.http-port");

    for (String toml : List.of(inConfigMap, example)) {
      assertTrue(toml.contains("[host.\"http://127.0.0.1:" + httpPort + "\"]"), toml);
      assertTrue(toml.contains("capabilities = [\"pull\", \"resolve\"]"), toml);
    }
  }

  @Test
  void services_targetPorts_namedByTheSeedPods() throws IOException {
    Set<String> seedPorts = new TreeSet<>();
    for (JsonNode workload : workloads()) {
      if (workload.get("kind").asText().equals("StatefulSet")) {
        workload
            .at("/spec/template/spec/containers/0/ports")
            .forEach(p -> seedPorts.add(p.get("name").asText()));
      }
    }

    for (JsonNode port : docs("service.yaml").get(0).at("/spec/ports")) {
      assertTrue(seedPorts.contains(port.get("targetPort").asText()), port.toString());
    }
  }

  @Test
  void rbac_grants_whatDiscoveryAndTheZoneLookupNeed() throws IOException {
    Map<String, JsonNode> byKind = new HashMap<>();
    docs("rbac.yaml").forEach(d -> byKind.put(d.get("kind").asText(), d));

    assertEquals("nodes", byKind.get("ClusterRole").at("/rules/0/resources/0").asText());
    assertTrue(byKind.get("ClusterRole").at("/rules/0/verbs").toString().contains("\"get\""));
    assertEquals("pods", byKind.get("Role").at("/rules/0/resources/0").asText());
    assertTrue(byKind.get("Role").at("/rules/0/verbs").toString().contains("\"list\""));
  }

  @Test
  void dockerfile_exposedPortsAndCommand_matchTheDefaults() throws IOException {
    String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
    Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
    Matcher cmd = Pattern.compile("(?m)^CMD \\[(.+)]$").matcher(dockerfile);
    assertTrue(expose.find() && cmd.find(), dockerfile);

    List<String> args = new ArrayList<>();
    for (String part : cmd.group(1).split(",")) {
      args.add(part.strip().replace("\"", ""));
    }
    parse(args);

    assertEquals(
        List.of(
            REFERENCE.getInt("darner.node.http-port"),
            REFERENCE.getInt("darner.node.piece-port"),
            REFERENCE.getInt("darner.node.cluster-port"),
            REFERENCE.getInt("darner.node.management-port")),
        Stream.of(expose.group(1).split("\\s+")).map(Integer::valueOf).toList());
    assertTrue(dockerfile.contains("-jar\", \"/opt/darner/darner-node.jar\""), dockerfile);
  }

  @Test
  void systemd_execStartAndConf_startAGuardedNode() throws IOException {
    String unit = Files.readString(DEPLOY.resolve("systemd/darner.service"));
    Matcher exec = Pattern.compile("(?m)^ExecStart=(.+)$").matcher(unit);
    assertTrue(exec.find(), unit);
    List<String> words = List.of(exec.group(1).split("\\s+"));
    List<String> args = words.subList(words.indexOf("-jar") + 2, words.size());
    Path conf = DEPLOY.resolve("systemd/darner.conf");

    NodeCommand node = parse(args);
    assertEquals(Path.of("/etc/darner/darner.conf"), node.config);
    Config config = NodeConfig.load(Optional.of(conf), node.overrides());
    NodeSettings settings = NodeSettings.fromConfig(config);

    assertKnownKeys(ConfigFactory.parseFile(conf.toFile()), "systemd darner.conf");
    assertFalse(settings.loopbackOnly());
    assertFalse(config.getString("darner.api.token-file").isBlank(), "a token guards changes");
    assertEquals("static", config.getString("darner.node.discovery"));
    assertTrue(unit.contains("ReadWritePaths=" + settings.dataDir()), unit);
  }

  private Config nodeConfig(JsonNode container, JsonNode pod) throws IOException {
    List<String> args = new ArrayList<>();
    for (JsonNode arg : container.get("args")) {
      args.add(substitute(arg.asText(), container));
    }
    NodeCommand node = parse(args);
    String mount = mountPath(container, pod, "darner-config");
    assertEquals(Path.of(mount, "darner.conf"), node.config, "--config names the ConfigMap");
    Path conf =
        Files.writeString(tmp.resolve("darner.conf"), configMap().get("darner.conf").asText());
    Map<String, Object> overrides = new HashMap<>(node.overrides());
    // The zone lookup needs a Kubernetes API server; its settings are checked on their own.
    overrides.put("darner.node.az-from-node-label", "");
    return NodeConfig.load(Optional.of(conf), overrides);
  }

  private static String substitute(String arg, JsonNode container) {
    Matcher var = Pattern.compile("\\$\\((\\w+)\\)").matcher(arg);
    StringBuilder out = new StringBuilder();
    while (var.find()) {
      assertFalse(env(container, var.group(1)).isMissingNode(), var.group(1) + " is not set");
      var.appendReplacement(out, "10.0.0.7");
    }
    var.appendTail(out);
    return out.toString();
  }

  private static String mountPath(JsonNode container, JsonNode pod, String configMap) {
    String volume = null;
    for (JsonNode v : pod.at("/spec/volumes")) {
      if (v.at("/configMap/name").asText().equals(configMap)) {
        volume = v.get("name").asText();
      }
    }
    for (JsonNode m : container.get("volumeMounts")) {
      if (m.get("name").asText().equals(volume)) {
        return m.get("mountPath").asText();
      }
    }
    throw new AssertionError("the container mounts no ConfigMap " + configMap);
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode e : container.get("env")) {
      if (e.get("name").asText().equals(name)) {
        return e;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static NodeCommand parse(List<String> args) {
    CommandLine.ParseResult result = Main.commandLine().parseArgs(args.toArray(String[]::new));
    assertTrue(result.hasSubcommand(), "args start with a subcommand: " + args);
    Object command = result.subcommand().commandSpec().userObject();
    assertTrue(command instanceof NodeCommand, "the manifests start darner node: " + args);
    return (NodeCommand) command;
  }

  private static void assertKnownKeys(Config conf, String where) {
    conf.entrySet()
        .forEach(
            e ->
                assertTrue(
                    REFERENCE.hasPath(e.getKey()),
                    where + " sets " + e.getKey() + ", which reference.conf does not know"));
  }

  private static JsonNode configMap() throws IOException {
    for (JsonNode doc : docs("configmap.yaml")) {
      if (doc.get("kind").asText().equals("ConfigMap")) {
        return doc.get("data");
      }
    }
    throw new AssertionError("configmap.yaml holds no ConfigMap");
  }

  private static List<JsonNode> workloads() throws IOException {
    List<JsonNode> workloads = new ArrayList<>();
    try (Stream<Path> list = Files.list(KUBERNETES)) {
      for (Path file : list.sorted().toList()) {
        for (JsonNode doc : docs(file.getFileName().toString())) {
          String kind = doc.path("kind").asText();
          if (kind.equals("DaemonSet") || kind.equals("StatefulSet")) {
            workloads.add(doc);
          }
        }
      }
    }
    return workloads;
  }

  private static List<JsonNode> docs(String file) throws IOException {
    try (MappingIterator<JsonNode> it =
        YAML.readerFor(JsonNode.class).readValues(KUBERNETES.resolve(file).toFile())) {
      return it.readAll();
    }
  }
}
