package dev.darner.cli;

import dev.darner.task.Digest;
import dev.darner.task.TaskIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code darner get URL -O FILE}: downloads through the local node, starting one in the background
 * when none runs. FILE appears only when the whole content has arrived (and matched the digest,
 * when one is given): the bytes go to a temporary file beside it, renamed at the end.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Downloads URL through the local Darner node into FILE.")
public final class GetCommand implements Callable<Integer> {

  static final String DEFAULT_NODE = "http://127.0.0.1:65001";

  @Parameters(index = "0", paramLabel = "URL", description = "http:// or https:// URL to fetch.")
  String url;

  @Option(
      names = {"-O", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "Where to write the content.")
  Path output;

  @Option(names = "--digest", paramLabel = "sha256:HEX", description = "Expected content digest.")
  String digest;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'Name: value'",
      description = "Header to send to the origin; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--node",
      paramLabel = "URL",
      description = "Node to download through (default: $DARNER_NODE or " + DEFAULT_NODE + ").")
  String node;

  @Option(names = "--no-start", description = "Fail instead of starting a node when none runs.")
  boolean noStart;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar or summary.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    TaskIds.parseHttpUrl(url);
    if (digest != null) {
      digest = Digest.parse(digest).toString();
    }
    Path target = output.toAbsolutePath();
    checkTarget(target);
    NodeClient client = new NodeClient(URI.create(nodeUrl()));
    if (!client.isAlive()) {
      if (noStart || !nodeUrl().equals(DEFAULT_NODE)) {
        err.println("darner: no Darner node answers at " + client.base());
        return ExitCodes.NODE_UNREACHABLE;
      }
      try {
        LocalNodeLauncher.startAndWait(client);
      } catch (IOException e) {
        err.println("darner: " + e.getMessage());
        return ExitCodes.NODE_UNREACHABLE;
      }
    }
    NodeBody response;
    try {
      response = client.download(url, digest, headers);
    } catch (ConnectException e) {
      err.println("darner: node at " + client.base() + " went away: " + e.getMessage());
      return ExitCodes.NODE_UNREACHABLE;
    }
    try (response) {
      if (response.status() != 200) {
        err.println("darner: " + NodeClient.errorMessage(response.body()));
        return ExitCodes.FAILED;
      }
      return save(response, target, err);
    }
  }

  private int save(NodeBody response, Path target, PrintWriter err) throws IOException {
    long expected = response.contentLength().orElse(-1);
    boolean showProgress = !quiet && System.console() != null;
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
    long started = System.nanoTime();
    try {
      MessageDigest sha256 = digest == null ? null : sha256();
      long received;
      try (FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        received =
            copy(
                response.body(),
                file,
                sha256,
                expected,
                showProgress ? new ProgressBar(System.err, expected) : null);
      } catch (IOException e) {
        err.println("darner: download broke off: " + e.getMessage());
        return ExitCodes.FAILED;
      }
      if (expected >= 0 && received != expected) {
        err.println("darner: download broke off after " + received + " of " + expected + " bytes");
        return ExitCodes.FAILED;
      }
      if (digest != null) {
        String actual = Digest.sha256(sha256.digest()).toString();
        if (!actual.equals(digest)) {
          err.println("darner: content has digest " + actual + " but " + digest + " was expected");
          return ExitCodes.FAILED;
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (showProgress) {
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(
            "Saved %s: %s in %.1f s (%s/s)%n",
            target, Sizes.human(received), seconds, Sizes.human((long) (received / seconds)));
      }
      return ExitCodes.OK;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static long copy(
      InputStream in, FileChannel out, MessageDigest sha256, long total, ProgressBar progress)
      throws IOException {
    byte[] buffer = new byte[1 << 20];
    ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    long received = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (sha256 != null) {
        sha256.update(buffer, 0, n);
      }
      wrapped.clear().limit(n);
      while (wrapped.hasRemaining()) {
        out.write(wrapped);
      }
      received += n;
      if (progress != null) {
        progress.update(received);
      }
    }
    if (progress != null) {
      progress.update(total >= 0 ? total : received);
      progress.finish();
    }
    return received;
  }

  private static void checkTarget(Path target) {
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException(
          target + " is a directory; give -O the name of the file to write");
    }
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("directory of " + target + " does not exist");
    }
    if (!Files.isWritable(parent)) {
      throw new IllegalArgumentException("cannot write into " + parent);
    }
  }

  private String nodeUrl() {
    if (node != null) {
      return node;
    }
    String env = System.getenv("DARNER_NODE");
    return env == null || env.isBlank() ? DEFAULT_NODE : env;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
