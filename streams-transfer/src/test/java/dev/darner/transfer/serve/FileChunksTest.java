package dev.darner.transfer.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChunksTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dir;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void of_rangeInsideFile_readsExactlyItInChunks() throws Exception {
    byte[] content = new byte[10_000];
    new Random(1).nextBytes(content);
    Path file = Files.write(dir.resolve("data"), content);

    List<ByteString> chunks = read(file, 1_000, 4_500, 2_048);

    assertEquals(List.of(2_048, 2_048, 404), chunks.stream().map(ByteString::size).toList());
    ByteString joined = chunks.stream().reduce(ByteString.emptyByteString(), ByteString::concat);
    assertArrayEquals(java.util.Arrays.copyOfRange(content, 1_000, 5_500), joined.toArray());
  }

  @Test
  void of_fileShorterThanRange_fails() throws Exception {
    Path file = Files.write(dir.resolve("short"), new byte[100]);

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> read(file, 50, 100, 64));

    assertTrue(
        failure.getCause().getMessage().contains("file ended at byte 100"), failure::toString);
  }

  private static List<ByteString> read(Path file, long offset, long length, int chunkSize)
      throws Exception {
    return FileChunks.of(file, offset, length, chunkSize)
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
