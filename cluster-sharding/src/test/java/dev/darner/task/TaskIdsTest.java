package dev.darner.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskIdsTest {

  private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

  @Test
  void forUrl_queryParametersInAnotherOrder_sameTask() {
    TaskId a = TaskIds.forUrl("http://origin/f?b=2&a=1", List.of(), "");
    TaskId b = TaskIds.forUrl("http://origin/f?a=1&b=2", List.of(), "");

    assertEquals(a, b);
  }

  @Test
  void forUrl_ignoredSignatureDiffers_sameTask() {
    List<String> ignored = List.of("X-Amz-Signature", "Expires");

    TaskId a = TaskIds.forUrl("https://s3/b/k?X-Amz-Signature=aaa&Expires=1", ignored, "");
    TaskId b = TaskIds.forUrl("https://s3/b/k?Expires=2&X-Amz-Signature=bbb", ignored, "");

    assertEquals(a, b);
  }

  @Test
  void forUrl_credentialsInUrl_neverInTaskId() {
    TaskId withCredentials = TaskIds.forUrl("http://user:secret@origin/f", List.of(), "");
    TaskId without = TaskIds.forUrl("http://origin/f", List.of(), "");

    assertEquals(without, withCredentials);
  }

  @Test
  void forUrl_hostCaseAndDefaultPort_normalised() {
    assertEquals(
        TaskIds.forUrl("HTTP://Origin.Example:80/f", List.of(), ""),
        TaskIds.forUrl("http://origin.example/f", List.of(), ""));
  }

  @Test
  void forUrl_differentTag_differentTask() {
    assertNotEquals(
        TaskIds.forUrl("http://origin/f", List.of(), "a"),
        TaskIds.forUrl("http://origin/f", List.of(), "b"));
  }

  @Test
  void of_digestKnown_urlDoesNotMatter() {
    TaskId a = TaskIds.of("http://registry-a/v2/x/blobs/y", Optional.of(DIGEST), List.of(), "");
    TaskId b = TaskIds.of("http://registry-b/v2/z/blobs/y", Optional.of(DIGEST), List.of(), "t");

    assertEquals(TaskIds.forDigest(DIGEST), a);
    assertEquals(a, b);
  }

  @Test
  void parseHttpUrl_malformed_namesTheUrl() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskIds.parseHttpUrl("ftp://x/y"));

    assertTrue(e.getMessage().contains("ftp://x/y"), e.getMessage());
  }

  @Test
  void parseHttpUrl_noHost_refused() {
    assertThrows(IllegalArgumentException.class, () -> TaskIds.parseHttpUrl("http:///path"));
    assertThrows(IllegalArgumentException.class, () -> TaskIds.parseHttpUrl("not a url"));
  }

  @Test
  void taskId_notHex_refused() {
    assertThrows(IllegalArgumentException.class, () -> TaskId.of("xyz"));
  }
}
