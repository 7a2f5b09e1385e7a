package dev.darner.cli;

import com.typesafe.config.Config;
import dev.darner.node.DarnerNode;
import dev.darner.node.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code darner demo}: Darner's main job on its embedded default, on a machine with no network. It
 * serves a file of random bytes from a loopback origin, fetches it through the local node (a node
 * in this process on the default settings when none runs) with its digest, checks that the copy is
 * byte-identical, then fetches it again to show the second client costs the origin nothing.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Fetches a generated file through a local node and checks the copy.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--size-mib", description = "Size of the generated file (default 256).")
  int sizeMib = 256;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path work = Files.createTempDirectory("darner-demo");
    Path source = work.resolve("demo.bin");
    String digest = generate(source, (long) sizeMib << 20);
    NodeClient client = new NodeClient(URI.create(GetCommand.DEFAULT_NODE));
    DarnerNode embedded = null;
    if (!client.isAlive()) {
      out.println("Starting a node on the embedded default (AZ 'default', one-node cluster)");
      Config config = NodeConfig.load(Optional.empty(), Map.of());
      embedded = DarnerNode.start(config);
    }
    try (DemoOrigin origin = DemoOrigin.serve(source)) {
      out.println("Origin serves " + Sizes.human(Files.size(source)) + " at " + origin.url());
      for (String round : List.of("first", "second")) {
        Path copy = work.resolve("copy-" + round + ".bin");
        long started = System.nanoTime();
        String got = fetch(client, origin.url(), digest, copy);
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean identical = got.equals(digest) && Files.mismatch(source, copy) == -1;
        out.printf(
            "%s fetch: %s in %.2f s (%s/s), byte-identical: %s%n",
            round,
            Sizes.human(Files.size(copy)),
            seconds,
            Sizes.human((long) (Files.size(copy) / seconds)),
            identical ? "yes" : "NO");
        if (!identical) {
          return ExitCodes.FAILED;
        }
      }
      out.println(
          "Demo passed: the content came through the node intact, the second time from its store");
      return ExitCodes.OK;
    } finally {
      if (embedded != null) {
        embedded.stop().toCompletableFuture().join();
      }
      deleteTree(work);
    }
  }

  private static String fetch(NodeClient client, String url, String digest, Path copy)
      throws IOException, InterruptedException {
    try (NodeBody response = client.download(url, digest, List.of())) {
      InputStream body = response.body();
      if (response.status() != 200) {
        throw new IOException("node refused the download: " + NodeClient.errorMessage(body));
      }
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      try (OutputStream file = new DigestOutputStream(Files.newOutputStream(copy), sha256)) {
        body.transferTo(file);
      }
      return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String generate(Path file, long size) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    Random random = new Random();
    byte[] block = new byte[1 << 20];
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
      for (long written = 0; written < size; written += block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
    return "sha256:" + HexFormat.of().formatHex(sha256.digest());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
