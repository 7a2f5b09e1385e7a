package dev.darner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every management command shares: which node to ask, the API token, and JSON output.
 * The token is read from a file or the environment, never given as a flag that {@code ps} shows.
 */
final class ManageOptions {

  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(
      names = "--node",
      paramLabel = "URL",
      description = "Node to ask (default: $DARNER_NODE or " + GetCommand.DEFAULT_NODE + ").")
  String node;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the API token (default: $DARNER_API_TOKEN).")
  Path tokenFile;

  @Option(names = "--json", description = "Print the node's JSON answer, for scripts.")
  boolean json;

  /** Returns a client of the node these options name. */
  NodeAnswer client() throws IOException {
    return new NodeAnswer(URI.create(nodeUrl()), token());
  }

  /** Prints {@code answer} as indented JSON. */
  void printJson(PrintWriter out, JsonNode answer) throws IOException {
    out.println(PRETTY.writeValueAsString(answer));
    out.flush();
  }

  private String nodeUrl() {
    if (node != null) {
      return node;
    }
    String env = System.getenv("DARNER_NODE");
    return env == null || env.isBlank() ? GetCommand.DEFAULT_NODE : env;
  }

  private Optional<String> token() throws IOException {
    if (tokenFile != null) {
      if (!Files.isReadable(tokenFile)) {
        throw new IllegalArgumentException("cannot read --token-file " + tokenFile);
      }
      return Optional.of(Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
    }
    String env = System.getenv("DARNER_API_TOKEN");
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
  }
}
