package dev.darner.origin;

import java.util.concurrent.CompletionStage;

/**
 * Where back-to-source reads content from. Implementations are thread-safe; callers fetch several
 * pieces at once by calling {@link #open} for several ranges at once.
 */
public interface Origin {

  /**
   * Opens {@code length} bytes of the content at the request's URL, starting at {@code offset}.
   *
   * <p>The stage completes once the origin has answered with a usable status, after following
   * redirects and retrying transient failures; it fails with an {@link OriginException} otherwise.
   * Unless the whole content is asked for ({@code offset == 0 && length == -1}) the origin is asked
   * for a byte range. When it honors the range, the response starts at {@code offset} and its body
   * holds no more than {@code length} bytes (fewer when the content ends first). When it ignores
   * the range and sends the whole content, the response starts at offset 0 with {@code
   * acceptsRanges} false, and the caller decides whether to read or cancel it.
   *
   * @param request the URL and the client headers to forward
   * @param offset the position of the first byte wanted, not negative
   * @param length how many bytes are wanted, or -1 for all up to the end
   * @throws IllegalArgumentException naming the value when offset or length is out of range
   */
  CompletionStage<OriginResponse> open(OriginRequest request, long offset, long length);
}
