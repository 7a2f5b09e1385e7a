package dev.darner.origin;

import static dev.darner.origin.OriginTesting.await;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures how fast {@link HttpOrigin} reads a large file, side by side with {@code curl -o
 * /dev/null} on the same URL: each round runs every variant once, so a noisy machine slows all of
 * them alike, and the median of the rounds is reported. Runs only when {@code
 * darner.origin.benchmark.url} names the file, for example a 1 GiB file on an nginx on loopback:
 *
 * <pre>
 * mvn -q -pl node -am test -Dtest='dev.darner.origin.HttpOriginThroughputTest' \
 *   -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Ddarner.origin.benchmark.url=http://127.0.0.1:18089/1g.bin
 * </pre>
 *
 * <p>{@code darner.origin.benchmark.config} may hold HOCON laid over the actor system's
 * configuration, to compare tunings; {@code darner.origin.benchmark.rounds} sets the rounds (5).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "darner.origin.benchmark.url", matches = "http.+")
class HttpOriginThroughputTest {

  private static final long PIECE = 4L * 1024 * 1024;

  private ActorTestKit testKit;
  private HttpOrigin client;
  private URI url;
  private long size;

  @BeforeAll
  void start() throws Exception {
    String tuning = System.getProperty("darner.origin.benchmark.config", "");
    testKit = OriginTesting.testKit("HttpOriginThroughputTest", ConfigFactory.parseString(tuning));
    OriginSettings settings =
        new OriginSettings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            5,
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            8);
    client = HttpOrigin.create(testKit.system(), settings);
    url = URI.create(System.getProperty("darner.origin.benchmark.url"));
    OriginResponse probe = await(client.open(OriginRequest.of(url), 0, 1));
    size = probe.resource().contentLength().orElseThrow();
    await(probe.body().runWith(Sink.ignore(), testKit.system()));
  }

  @AfterAll
  void stop() throws Exception {
    OriginTesting.shutDown(testKit);
  }

  @Test
  void open_largeFile_reportsThroughputNextToCurl() {
    Map<String, LongSupplier> variants = new LinkedHashMap<>();
    variants.put("curl, one stream", () -> curl(1));
    variants.put("HttpOrigin, one stream", () -> ranges(1));
    variants.put("curl, 4 ranges at once", () -> curl(4));
    variants.put("HttpOrigin, 4 ranges at once", () -> ranges(4));
    variants.put("HttpOrigin, 4 MiB pieces, 4 at once", () -> pieces(4));
    variants.put("HttpOrigin, 4 MiB pieces, 8 at once", () -> pieces(8));
    int rounds = Integer.getInteger("darner.origin.benchmark.rounds", 5);
    Map<String, double[]> rates = new LinkedHashMap<>();
    variants.keySet().forEach(name -> rates.put(name, new double[rounds]));

    variants.values().forEach(LongSupplier::getAsLong);
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, LongSupplier> variant : variants.entrySet()) {
        long started = System.nanoTime();
        long bytes = variant.getValue().getAsLong();
        double seconds = (System.nanoTime() - started) / 1e9;
        rates.get(variant.getKey())[round] = bytes / seconds / (1 << 20);
      }
    }

    rates.forEach(
        (name, values) -> {
          double[] sorted = values.clone();
          Arrays.sort(sorted);
          System.out.printf(
              Locale.ROOT,
              "%-38s median %5.0f MiB/s  (min %4.0f, max %4.0f)%n",
              name,
              sorted[sorted.length / 2],
              sorted[0],
              sorted[sorted.length - 1]);
        });
  }

  private long ranges(int count) {
    long span = (size + count - 1) / count;
    List<CompletableFuture<Long>> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long offset = i * span;
      long length = count == 1 ? -1 : Math.min(span, size - offset);
      runs.add(read(offset, length).toCompletableFuture());
    }
    return runs.stream().mapToLong(CompletableFuture::join).sum();
  }

  private long pieces(int atOnce) {
    List<Long> offsets = LongStream.iterate(0, o -> o < size, o -> o + PIECE).boxed().toList();
    return Source.from(offsets)
        .mapAsyncUnordered(atOnce, offset -> read(offset, Math.min(PIECE, size - offset)))
        .runWith(Sink.fold(0L, Long::sum), testKit.system())
        .toCompletableFuture()
        .join();
  }

  private CompletionStage<Long> read(long offset, long length) {
    return client
        .open(OriginRequest.of(url), offset, length)
        .thenCompose(
            response ->
                response
                    .body()
                    .runWith(Sink.fold(0L, (sum, chunk) -> sum + chunk.size()), testKit.system()));
  }

  private long curl(int count) {
    long span = (size + count - 1) / count;
    List<Process> processes = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        long first = i * span;
        long last = Math.min(size, first + span) - 1;
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null"));
        if (count > 1) {
          command.addAll(List.of("-r", first + "-" + last));
        }
        command.add(url.toString());
        processes.add(new ProcessBuilder(command).inheritIO().start());
      }
      for (Process process : processes) {
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
          throw new IllegalStateException("curl failed on " + url);
        }
      }
      return size;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run curl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while curl ran", e);
    }
  }
}
