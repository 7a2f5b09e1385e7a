package dev.darner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code darner tasks ls [--cluster] | show ID | rm ID}: the tasks nodes hold. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Lists, shows and removes the tasks nodes hold.",
    subcommands = {TasksCommand.List.class, TasksCommand.Show.class, TasksCommand.Remove.class})
public final class TasksCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code darner tasks ls}: the node's tasks, or with {@code --cluster} every host's. */
  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "Lists the node's tasks, or with --cluster which hosts hold what, per AZ.")
  static final class List implements Callable<Integer> {

    @Mixin ManageOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--cluster", description = "Every host of the cluster, by AZ.")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
      JsonNode answer =
          options.client().get("/api/v1/tasks?scope=" + (cluster ? "cluster" : "local"));
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        options.printJson(out, answer);
        return ExitCodes.OK;
      }
      if (!cluster) {
        Table table = new Table("TASK", "SIZE", "PIECES", "STATE", "URL");
        for (JsonNode task : answer.get("tasks")) {
          table.row(shortId(task), size(task), pieces(task), state(task), task.get("url").asText());
        }
        table.print(out);
        return ExitCodes.OK;
      }
      Table table = new Table("AZ", "HOST", "TASK", "SIZE", "PIECES", "STATE", "URL");
      for (JsonNode host : answer.get("hosts")) {
        for (JsonNode task : host.get("tasks")) {
          table.row(
              host.get("availabilityZone").asText(),
              host.get("host").asText(),
              shortId(task),
              size(task),
              pieces(task),
              state(task),
              task.get("url").asText());
        }
      }
      table.print(out);
      for (JsonNode silent : answer.get("unanswered")) {
        spec.commandLine().getErr().println("darner: no answer from " + silent.asText());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code darner tasks show ID}: one task of the node's store. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one task of the node's store, by id or a unique prefix of it.")
  static final class Show implements Callable<Integer> {

    @Mixin ManageOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Task id, or a unique prefix of it.")
    String id;

    @Override
    public Integer call() throws Exception {
      JsonNode task = options.client().get("/api/v1/tasks/" + checkId(id));
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        options.printJson(out, task);
        return ExitCodes.OK;
      }
      out.println("Task:     " + task.get("task").asText());
      out.println("URL:      " + task.get("url").asText());
      out.println("Size:     " + size(task) + " (" + task.get("contentLength").asLong() + " B)");
      out.println("Pieces:   " + pieces(task));
      out.println("State:    " + state(task));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code darner tasks rm ID}: removes a task from the node's store. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = {
        "Removes a task from the node's store; refused while it is downloaded or read.",
        "Needs the API token when the node listens beyond loopback."
      })
  static final class Remove implements Callable<Integer> {

    @Mixin ManageOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Task id, or a unique prefix of it.")
    String id;

    @Override
    public Integer call() throws Exception {
      JsonNode removed = options.client().delete("/api/v1/tasks/" + checkId(id));
      PrintWriter out = spec.commandLine().getOut();
      if (options.json) {
        options.printJson(out, removed);
      } else {
        out.println("Removed " + removed.get("task").asText());
        out.flush();
      }
      return ExitCodes.OK;
    }
  }

  private static String checkId(String id) {
    if (!id.matches("[0-9a-f]{1,64}")) {
      throw new IllegalArgumentException("a task id is up to 64 lowercase hex digits: " + id);
    }
    return id;
  }

  private static String shortId(JsonNode task) {
    return task.get("task").asText().substring(0, 12);
  }

  private static String size(JsonNode task) {
    return Sizes.human(task.get("contentLength").asLong());
  }

  private static String pieces(JsonNode task) {
    return task.get("piecesPresent").asInt() + "/" + task.get("pieceCount").asInt();
  }

  private static String state(JsonNode task) {
    return task.get("complete").asBoolean() ? "complete" : "partial";
  }
}
