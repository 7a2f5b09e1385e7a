package dev.darner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code darner cluster members | schedulers | leave ADDR | down ADDR}: the cluster as a node sees
 * it, and taking members out of it.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Shows the cluster and takes members out of it.",
    subcommands = {
      ClusterCommand.Members.class,
      ClusterCommand.Schedulers.class,
      ClusterCommand.Leave.class,
      ClusterCommand.Down.class
    })
public final class ClusterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code darner cluster members}: every member with its AZ, roles and status. */
  @Command(
      name = "members",
      mixinStandardHelpOptions = true,
      description = "Lists the cluster's members by AZ, oldest first.")
  static final class Members implements Callable<Integer> {

    @Mixin ManageOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      JsonNode cluster = options.client().get("/api/v1/cluster");
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        options.printJson(out, cluster.get("members"));
        return ExitCodes.OK;
      }
      Table table = new Table("ADDRESS", "AZ", "ROLES", "STATUS", "REACHABLE", "AGE");
      for (JsonNode m : cluster.get("members")) {
        table.row(
            m.get("address").asText(),
            m.get("availabilityZone").asText(),
            roles(m),
            m.get("status").asText(),
            m.get("reachable").asBoolean() ? "yes" : "NO",
            m.get("ageRank").asInt());
      }
      table.print(out);
      return ExitCodes.OK;
    }

    private static String roles(JsonNode member) {
      StringBuilder roles = new StringBuilder();
      for (JsonNode role : member.get("roles")) {
        roles.append(roles.length() == 0 ? "" : ",").append(role.asText());
      }
      return roles.toString();
    }
  }

  /** {@code darner cluster schedulers}: where each AZ's scheduler runs. */
  @Command(
      name = "schedulers",
      mixinStandardHelpOptions = true,
      description = "Shows where each AZ's scheduler runs and how many live hosts it knows.")
  static final class Schedulers implements Callable<Integer> {

    @Mixin ManageOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      JsonNode cluster = options.client().get("/api/v1/cluster");
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        options.printJson(out, cluster.get("schedulers"));
        return ExitCodes.OK;
      }
      Table table = new Table("AZ", "SCHEDULER", "LIVE HOSTS");
      for (JsonNode s : cluster.get("schedulers")) {
        String address = s.get("address").asText();
        int hosts = s.get("liveHosts").asInt();
        table.row(
            s.get("availabilityZone").asText(),
            address.isEmpty() ? "(no answer)" : address,
            hosts < 0 ? "-" : hosts);
      }
      table.print(out);
      return ExitCodes.OK;
    }
  }

  /** {@code darner cluster leave ADDR}: a graceful leave. */
  @Command(
      name = "leave",
      mixinStandardHelpOptions = true,
      description = {
        "Asks a member to leave the cluster gracefully: its shards and scheduler move first.",
        "Needs the API token when the node listens beyond loopback."
      })
  static final class Leave implements Callable<Integer> {

    @Mixin ManageOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDR", description = "pekko://darner@HOST:PORT or HOST:PORT.")
    String address;

    @Override
    public Integer call() throws Exception {
      return change(options, spec, "leave", address);
    }
  }

  /** {@code darner cluster down ADDR}: removes a member that cannot leave by itself. */
  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = {
        "Marks a member as down: for a host that is gone and cannot leave by itself.",
        "Needs the API token when the node listens beyond loopback."
      })
  static final class Down implements Callable<Integer> {

    @Mixin ManageOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDR", description = "pekko://darner@HOST:PORT or HOST:PORT.")
    String address;

    @Override
    public Integer call() throws Exception {
      return change(options, spec, "down", address);
    }
  }

  private static int change(ManageOptions options, CommandSpec spec, String action, String address)
      throws Exception {
    JsonNode answer =
        options.client().post("/api/v1/cluster/" + action, Map.of("address", address));
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      options.printJson(out, answer);
    } else {
      out.println(
          (action.equals("leave") ? "Asked to leave: " : "Marked down: ")
              + answer.get("address").asText());
      out.flush();
    }
    return ExitCodes.OK;
  }
}
