package dev.darner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code darner preheat IMAGE|URL}: asks a node to have the seed peer of every AZ fetch an image's
 * blobs or a file, then waits for the job with a progress bar. An argument starting with {@code
 * http://} or {@code https://} is a file; anything else is an image reference.
 */
@Command(
    name = "preheat",
    mixinStandardHelpOptions = true,
    description =
        "Has the seed peers of every AZ fetch an image or a file before anyone needs it, and waits"
            + " until they hold it.")
public final class PreheatCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofSeconds(1);

  @Parameters(
      index = "0",
      paramLabel = "IMAGE|URL",
      description = "Image reference such as registry.example.com/app:1.0, or an http(s) URL.")
  String what;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "Platform whose blobs to preheat; repeatable (default: the node's setting).")
  List<String> platforms = new ArrayList<>();

  @Option(
      names = "--digest",
      paramLabel = "sha256:HEX",
      description = "Digest of a file's content.")
  String digest;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'Name: value'",
      description =
          "Header for the registry or origin, such as credentials; repeatable. The node uses it and"
              + " never stores it or sends it to other nodes.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--no-wait", description = "Print the job id and return at once.")
  boolean noWait;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar or summary.")
  boolean quiet;

  @Mixin ManageOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    NodeAnswer node = options.client();
    JsonNode job = node.post("/api/v1/preheat", body());
    String id = job.get("id").asText();
    PrintWriter out = spec.commandLine().getOut();
    if (noWait) {
      if (options.json) {
        options.printJson(out, job);
      } else {
        out.println(id);
        out.flush();
      }
      return ExitCodes.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    boolean showProgress = !quiet && !options.json && System.console() != null;
    if (!quiet && !options.json) {
      err.println("Preheat job " + id + " of " + job.get("source").asText());
      err.flush();
    }
    // The bar redraws one line in place, which only a terminal shows well: it writes to the
    // process's standard error, as darner get's does.
    JsonNode last = await(node, id, showProgress ? new ProgressBar(System.err, 0) : null);
    boolean succeeded = last.get("state").asText().equals("SUCCEEDED");
    if (options.json) {
      options.printJson(out, last);
    } else if (!succeeded) {
      err.println("darner: preheat " + id + " failed: " + last.get("error").asText());
    } else if (!quiet) {
      err.println(summary(last));
    }
    err.flush();
    return succeeded ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean file = what.startsWith("http://") || what.startsWith("https://");
    if (file) {
      if (!platforms.isEmpty()) {
        throw new IllegalArgumentException("--platform is for images, not for a URL");
      }
      body.put("type", "file");
      body.put("url", what);
      if (digest != null) {
        body.put("digest", digest);
      }
    } else {
      if (digest != null) {
        throw new IllegalArgumentException("--digest is for a URL; put an image's digest after @");
      }
      body.put("type", "image");
      body.put("ref", what);
      if (!platforms.isEmpty()) {
        body.put("platforms", platforms);
      }
    }
    if (!headers.isEmpty()) {
      body.put("headers", headerMap());
    }
    return body;
  }

  private Map<String, String> headerMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header wants 'Name: value', got: " + header);
      }
      map.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    return map;
  }

  private static JsonNode await(NodeAnswer node, String id, ProgressBar bar) throws Exception {
    while (true) {
      JsonNode job = node.get("/api/v1/preheat/" + id);
      String state = job.get("state").asText();
      boolean finished = state.equals("SUCCEEDED") || state.equals("FAILED");
      if (bar != null && job.get("bytesTotal").asLong() > 0) {
        bar.total(job.get("bytesTotal").asLong());
        bar.update(job.get("bytesDone").asLong());
      }
      if (finished) {
        if (bar != null) {
          bar.finish();
        }
        return job;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static String summary(JsonNode job) {
    List<String> zones = new ArrayList<>();
    job.get("zones").forEach(z -> zones.add(z.asText()));
    return String.format(
        Locale.ROOT,
        "Preheated %d tasks, %s, on the seeds of %s",
        job.get("tasksTotal").asInt(),
        Sizes.human(job.get("bytesDone").asLong() / Math.max(1, zones.size())),
        String.join(", ", zones));
  }
}
