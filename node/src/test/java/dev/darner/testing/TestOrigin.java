package dev.darner.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 origin on 127.0.0.1 for tests, with the faults that back-to-source must survive.
 *
 * <p>It serves registered {@link TestContent} at paths, with or without byte ranges, with a known
 * length or chunked, answers HEAD, counts the body bytes it sends, and remembers the last requests
 * it received. Faults are armed per path for the next few requests: an error status, a connection
 * closed after some body bytes, a stall before the response. A path can redirect to another path or
 * URL, limit its rate, or require an {@code Authorization} value.
 *
 * <pre>{@code
 * try (TestOrigin origin = TestOrigin.start()) {
 *   TestOrigin.Resource blob = origin.serve("/blob", TestContent.random(10 << 20, 1));
 *   blob.failNext(2, 503);
 *   // fetch blob.url() ...
 * }
 * }</pre>
 *
 * <p>Everything is bounded: worker threads, remembered requests, stalls (released at once by {@link
 * #close()}). The JDK server cannot send a TCP reset, so a "reset" closes the connection without
 * finishing the body, which a client sees as a truncated body.
 */
public final class TestOrigin implements AutoCloseable {

  private static final int DEFAULT_THREADS = 16;
  private static final int REMEMBERED_REQUESTS = 256;
  private static final int WRITE_BUFFER = 256 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private final Map<String, Redirect> redirects = new ConcurrentHashMap<>();
  private final Deque<ReceivedRequest> received = new ArrayDeque<>();
  private final AtomicLong totalBytesSent = new AtomicLong();
  private final AtomicInteger totalRequests = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);

  private TestOrigin(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts an origin on 127.0.0.1 on a free port with 16 worker threads. */
  public static TestOrigin start() {
    return start(DEFAULT_THREADS);
  }

  /** Starts an origin on 127.0.0.1 on a free port that serves up to {@code threads} at once. */
  public static TestOrigin start(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "test-origin-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      TestOrigin origin = new TestOrigin(server, executor);
      server.createContext("/", origin::handle);
      server.setExecutor(executor);
      server.start();
      return origin;
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot start the test origin", e);
    }
  }

  /** Returns the URL of the origin's root, such as {@code http://127.0.0.1:40123/}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** Returns the URL of {@code path} on this origin; the path starts with a slash. */
  public URI url(String path) {
    return baseUrl().resolve(path);
  }

  /** Returns the port the origin listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Serves {@code content} at {@code path}, replacing what was there, with default behavior. */
  public Resource serve(String path, TestContent content) {
    checkPath(path);
    Resource resource = new Resource(path, content);
    resources.put(path, resource);
    redirects.remove(path);
    return resource;
  }

  /** Serves a copy of {@code bytes} at {@code path}. */
  public Resource serve(String path, byte[] bytes) {
    return serve(path, TestContent.of(bytes));
  }

  /**
   * Returns the resource served at {@code path}.
   *
   * @throws IllegalArgumentException when nothing is served there
   */
  public Resource resource(String path) {
    Resource resource = resources.get(path);
    if (resource == null) {
      throw new IllegalArgumentException("nothing served at " + path);
    }
    return resource;
  }

  /** Answers requests for {@code fromPath} with {@code status} pointing at {@code toPath}. */
  public void redirect(String fromPath, String toPath, int status) {
    checkPath(toPath);
    redirect(fromPath, url(toPath), status);
  }

  /** Answers requests for {@code fromPath} with {@code status} pointing at {@code target}. */
  public void redirect(String fromPath, URI target, int status) {
    checkPath(fromPath);
    if (status < 300 || status > 399) {
      throw new IllegalArgumentException("redirect status must be 3xx: " + status);
    }
    redirects.put(fromPath, new Redirect(target, status));
  }

  /** Returns how many body bytes the origin sent on all paths since the last reset. */
  public long totalBytesSent() {
    return totalBytesSent.get();
  }

  /** Returns how many requests the origin received on all paths since the last reset. */
  public int totalRequests() {
    return totalRequests.get();
  }

  /** Returns the last requests received (at most 256), oldest first. */
  public List<ReceivedRequest> requests() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Sets every byte and request counter to zero and forgets the remembered requests. */
  public void resetCounters() {
    totalBytesSent.set(0);
    totalRequests.set(0);
    resources.values().forEach(Resource::resetCounters);
    synchronized (received) {
      received.clear();
    }
  }

  /** Stops the origin, releasing stalled and throttled responses, and waits for its threads. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) {
    // Not try-with-resources: closing the exchange would finish a chunked body that a fault
    // injection wants cut off; a ConnectionDropped leaves the closing to the JDK server.
    try {
      String path = exchange.getRequestURI().getPath();
      ReceivedRequest request =
          new ReceivedRequest(
              exchange.getRequestMethod(), path, copyHeaders(exchange.getRequestHeaders()));
      remember(request);
      Redirect redirect = redirects.get(path);
      Resource resource = resources.get(path);
      if (redirect != null) {
        exchange.getResponseHeaders().set("Location", redirect.target().toString());
        sendEmpty(exchange, redirect.status());
      } else if (resource == null) {
        sendEmpty(exchange, 404);
      } else {
        resource.answer(exchange, request);
      }
      exchange.close();
    } catch (IOException e) {
      // The client went away mid-response; there is nobody left to tell.
      exchange.close();
    }
  }

  private void remember(ReceivedRequest request) {
    totalRequests.incrementAndGet();
    synchronized (received) {
      if (received.size() == REMEMBERED_REQUESTS) {
        received.removeFirst();
      }
      received.addLast(request);
    }
  }

  private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }

  private static Map<String, List<String>> copyHeaders(Headers headers) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return copy;
  }

  private static void checkPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with a slash: " + path);
    }
  }

  private record Redirect(URI target, int status) {}

  /** A request as the origin received it. */
  public record ReceivedRequest(String method, String path, Map<String, List<String>> headers) {

    /** Returns the first value of the header called {@code name}, ignoring case. */
    public Optional<String> header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  /** Thrown inside a handler to make the JDK server drop the connection mid-body. */
  private static final class ConnectionDropped extends RuntimeException {
    ConnectionDropped() {
      super("connection dropped by fault injection", null, false, false);
    }
  }

  /**
   * Content served at one path, with its behavior and faults. Setters return this resource so they
   * chain; they take effect for the next request.
   */
  public final class Resource {
    private final String path;
    private final TestContent content;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final ArmedFault failures = new ArmedFault();
    private final ArmedFault resets = new ArmedFault();
    private final ArmedFault stalls = new ArmedFault();
    private volatile boolean rangesSupported = true;
    private volatile boolean chunked;
    private volatile long bytesPerSecond;
    private volatile String requiredAuthorization;
    private volatile ReceivedRequest lastRequest;

    private Resource(String path, TestContent content) {
      this.path = path;
      this.content = content;
    }

    /** Returns the URL of this resource. */
    public URI url() {
      return TestOrigin.this.url(path);
    }

    /** Returns the content this resource serves. */
    public TestContent content() {
      return content;
    }

    /** Sets whether {@code Range} requests get a 206 (the default) or the whole content. */
    public Resource rangesSupported(boolean supported) {
      this.rangesSupported = supported;
      return this;
    }

    /** Sets whether bodies are sent chunked, without a {@code Content-Length}. */
    public Resource chunked(boolean chunked) {
      this.chunked = chunked;
      return this;
    }

    /** Limits the body rate to {@code bytesPerSecond}; zero removes the limit. */
    public Resource rateLimit(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException(
            "bytesPerSecond must not be negative: " + bytesPerSecond);
      }
      this.bytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Answers 401 unless the request carries exactly this {@code Authorization} value. */
    public Resource requireAuthorization(String value) {
      this.requiredAuthorization = value;
      return this;
    }

    /** Answers the next {@code requests} requests with {@code status} and an empty body. */
    public Resource failNext(int requests, int status) {
      failures.arm(requests, status);
      return this;
    }

    /** Drops the connection after {@code bodyBytes} body bytes in the next {@code requests}. */
    public Resource resetNext(int requests, long bodyBytes) {
      resets.arm(requests, bodyBytes);
      return this;
    }

    /** Holds the next {@code requests} responses for {@code delay} before any header is sent. */
    public Resource stallNext(int requests, Duration delay) {
      stalls.arm(requests, delay.toNanos());
      return this;
    }

    /** Returns how many body bytes this resource sent since the last reset. */
    public long bytesSent() {
      return bytesSent.get();
    }

    /** Returns how many requests reached this resource since the last reset. */
    public int requestCount() {
      return requestCount.get();
    }

    /** Returns the last request that reached this resource. */
    public Optional<ReceivedRequest> lastRequest() {
      return Optional.ofNullable(lastRequest);
    }

    private void resetCounters() {
      bytesSent.set(0);
      requestCount.set(0);
    }

    private void answer(HttpExchange exchange, ReceivedRequest request) throws IOException {
      requestCount.incrementAndGet();
      lastRequest = request;
      long stallNanos = stalls.take(0);
      if (stallNanos > 0) {
        awaitClosing(stallNanos);
      }
      int failure = (int) failures.take(0);
      String authorization = requiredAuthorization;
      if (failure != 0) {
        sendEmpty(exchange, failure);
        return;
      }
      if (authorization != null
          && !request.header("Authorization").orElse("").equals(authorization)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"test-origin\"");
        sendEmpty(exchange, 401);
        return;
      }
      Headers headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "application/octet-stream");
      headers.set("ETag", "\"" + Integer.toHexString(System.identityHashCode(content)) + "\"");
      headers.set("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
      if (rangesSupported) {
        headers.set("Accept-Ranges", "bytes");
      }
      RangeSpan span = RangeSpan.WHOLE;
      Optional<String> range = request.header("Range");
      if (rangesSupported && range.isPresent()) {
        span = RangeSpan.parse(range.get(), content.size());
        if (span == null) {
          headers.set("Content-Range", "bytes */" + content.size());
          sendEmpty(exchange, 416);
          return;
        }
      }
      long first = span == RangeSpan.WHOLE ? 0 : span.first();
      long length = span == RangeSpan.WHOLE ? content.size() : span.length();
      int status = span == RangeSpan.WHOLE ? 200 : 206;
      if (status == 206) {
        headers.set(
            "Content-Range", "bytes " + first + "-" + (first + length - 1) + "/" + content.size());
      }
      boolean head = request.method().equalsIgnoreCase("HEAD");
      if (head || length == 0) {
        headers.set("Content-Length", Long.toString(length));
        sendEmpty(exchange, status);
        return;
      }
      exchange.sendResponseHeaders(status, chunked ? 0 : length);
      writeBody(exchange.getResponseBody(), first, length, resets.take(-1));
    }

    private void writeBody(OutputStream out, long first, long length, long dropAfter)
        throws IOException {
      long rate = bytesPerSecond;
      int slice = rate == 0 ? WRITE_BUFFER : (int) Math.max(1, Math.min(WRITE_BUFFER, rate / 20));
      byte[] buffer = new byte[slice];
      long started = System.nanoTime();
      long sent = 0;
      while (sent < length) {
        int n = (int) Math.min(slice, length - sent);
        if (dropAfter >= 0 && sent + n > dropAfter) {
          n = (int) (dropAfter - sent);
        }
        content.read(first + sent, buffer, 0, n);
        out.write(buffer, 0, n);
        sent += n;
        bytesSent.addAndGet(n);
        totalBytesSent.addAndGet(n);
        if (dropAfter >= 0 && sent == dropAfter) {
          out.flush();
          throw new ConnectionDropped();
        }
        if (rate > 0) {
          // Pace against the start time rather than per slice, so write delays do not add up.
          awaitClosing(started + sent * 1_000_000_000L / rate - System.nanoTime());
        }
      }
    }

    private void awaitClosing(long nanos) {
      if (nanos <= 0) {
        return;
      }
      try {
        closing.await(nanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
