package dev.darner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code darner stat}: where a node's bytes came from, and how full its store is. */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = "Shows a node's traffic split since it started and its store usage.")
public final class StatCommand implements Callable<Integer> {

  @Mixin ManageOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    JsonNode stat = options.client().get("/api/v1/stat");
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      options.printJson(out, stat);
      return ExitCodes.OK;
    }
    JsonNode traffic = stat.get("traffic");
    long total =
        traffic.get("originBytes").asLong()
            + traffic.get("peerBytes").asLong()
            + traffic.get("crossAzBytes").asLong()
            + traffic.get("localBytes").asLong();
    out.println(
        "Node " + stat.get("host").asText() + " in AZ " + stat.get("availabilityZone").asText());
    Table table = new Table("SOURCE", "BYTES", "SIZE", "SHARE");
    row(table, "origin", traffic.get("originBytes").asLong(), total);
    row(table, "peers in AZ", traffic.get("peerBytes").asLong(), total);
    row(table, "other AZs", traffic.get("crossAzBytes").asLong(), total);
    row(table, "local store", traffic.get("localBytes").asLong(), total);
    table.row("total", total, Sizes.human(total), total == 0 ? "-" : "100.0 %");
    table.row(
        "uploaded",
        traffic.get("uploadedBytes").asLong(),
        Sizes.human(traffic.get("uploadedBytes").asLong()),
        "");
    table.print(out);
    out.println(
        "Tasks: "
            + stat.get("activeTasks").asInt()
            + " downloading, "
            + stat.get("storedTasks").asInt()
            + " stored; store "
            + Sizes.human(stat.get("storeUsedBytes").asLong())
            + " of "
            + Sizes.human(stat.get("storeQuotaBytes").asLong()));
    out.flush();
    return ExitCodes.OK;
  }

  private static void row(Table table, String source, long bytes, long total) {
    String share = total == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * bytes / total);
    table.row(source, bytes, Sizes.human(bytes), share);
  }
}
