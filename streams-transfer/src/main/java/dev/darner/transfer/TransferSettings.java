package dev.darner.transfer;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;

/**
 * The settings of piece transfer, read once from the {@code darner.transfer} section of the
 * configuration; {@code reference.conf} documents every key.
 */
public record TransferSettings(
    Server server,
    Cache cache,
    Client client,
    OptionalInt socketBufferBytes,
    Optional<TlsSettings> tls) {

  /** The settings of this host's piece server, where its children fetch from. */
  public record Server(
      String bindInterface,
      int port,
      int maxConcurrentUploads,
      OptionalLong maxUploadBytesPerSecond,
      Duration idleTimeout,
      int fileChunkSize) {

    public Server {
      Objects.requireNonNull(bindInterface, "bindInterface");
      requireAtLeast(0, port, "port");
      requireAtLeast(1, maxConcurrentUploads, "max-concurrent-uploads");
      requirePositive(maxUploadBytesPerSecond, "max-upload-rate");
      requirePositive(idleTimeout, "idle-timeout");
      requireAtLeast(1, fileChunkSize, "file-chunk-size");
    }
  }

  /** The settings of the memory cache of recently received pieces. */
  public record Cache(long maxBytes) {

    public Cache {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("cache max-size must be >= 0, was " + maxBytes);
      }
    }
  }

  /** The settings of this host's piece client, which fetches from parents. */
  public record Client(
      Duration connectTimeout,
      Duration stallTimeout,
      Duration idleTimeout,
      OptionalLong maxDownloadBytesPerSecond,
      int parentsPerTask,
      int requestsPerParent,
      int inOrderWindow) {

    public Client {
      requirePositive(connectTimeout, "connect-timeout");
      requirePositive(stallTimeout, "stall-timeout");
      requirePositive(idleTimeout, "idle-timeout");
      requirePositive(maxDownloadBytesPerSecond, "max-download-rate");
      requireAtLeast(1, parentsPerTask, "parents-per-task");
      requireAtLeast(1, requestsPerParent, "requests-per-parent");
      requireAtLeast(0, inOrderWindow, "in-order-window");
    }
  }

  public TransferSettings {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(socketBufferBytes, "socketBufferBytes");
    Objects.requireNonNull(tls, "tls");
    if (socketBufferBytes.isPresent() && socketBufferBytes.getAsInt() <= 0) {
      throw new IllegalArgumentException(
          "socket-buffer-size must be > 0 or auto, was " + socketBufferBytes.getAsInt());
    }
  }

  /** Returns the settings in the configuration of {@code system}. */
  public static TransferSettings create(ActorSystem<?> system) {
    return fromConfig(system.settings().config());
  }

  /**
   * Returns the settings under {@code darner.transfer} in {@code config}.
   *
   * @throws IllegalArgumentException naming the key when a value is out of range
   * @throws com.typesafe.config.ConfigException when a key is missing or malformed
   */
  public static TransferSettings fromConfig(Config config) {
    Config transfer = config.getConfig("darner.transfer");
    Config server = transfer.getConfig("server");
    Config client = transfer.getConfig("client");
    return new TransferSettings(
        new Server(
            server.getString("interface"),
            server.getInt("port"),
            server.getInt("max-concurrent-uploads"),
            rate(server, "max-upload-rate"),
            server.getDuration("idle-timeout"),
            Math.toIntExact(server.getBytes("file-chunk-size"))),
        new Cache(transfer.getBytes("cache.max-size")),
        new Client(
            client.getDuration("connect-timeout"),
            client.getDuration("stall-timeout"),
            client.getDuration("idle-timeout"),
            rate(client, "max-download-rate"),
            client.getInt("parents-per-task"),
            client.getInt("requests-per-parent"),
            client.getInt("in-order-window")),
        transfer.getString("socket-buffer-size").equals("auto")
            ? OptionalInt.empty()
            : OptionalInt.of(Math.toIntExact(transfer.getBytes("socket-buffer-size"))),
        TlsSettings.fromConfig(transfer.getConfig("tls")));
  }

  /** Returns these settings with TLS between peers set up by {@code tls}. */
  public TransferSettings withTls(TlsSettings tls) {
    return new TransferSettings(server, cache, client, socketBufferBytes, Optional.of(tls));
  }

  /** Returns the socket options of every connection, server and client side. */
  public List<Inet.SocketOption> socketOptions() {
    if (socketBufferBytes.isEmpty()) {
      return List.of();
    }
    int size = socketBufferBytes.getAsInt();
    return List.of(TcpSO.sendBufferSize(size), TcpSO.receiveBufferSize(size));
  }

  private static OptionalLong rate(Config config, String key) {
    if (config.getString(key).equals("off")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(config.getBytes(key));
  }

  private static void requireAtLeast(int min, int value, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }

  private static void requirePositive(OptionalLong value, String name) {
    if (value.isPresent() && value.getAsLong() <= 0) {
      throw new IllegalArgumentException(name + " must be > 0 or off, was " + value.getAsLong());
    }
  }
}
