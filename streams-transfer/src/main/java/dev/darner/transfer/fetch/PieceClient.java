package dev.darner.transfer.fetch;

import dev.darner.task.HostId;
import dev.darner.transfer.TlsSettings;
import dev.darner.transfer.TransferSettings;
import dev.darner.transfer.VerifiedPiece;
import dev.darner.transfer.limit.SharedThrottle;
import dev.darner.transfer.limit.TokenBucket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * Fetches verified pieces from parents: the child side of piece transfer.
 *
 * <p>A fetch completes with the whole piece in memory, already checked against the length and
 * CRC32C the child expects, or fails with a {@link ParentFailure}. The whole piece rather than a
 * stream of its bytes, because nothing may be done with a piece's bytes (stored, served on, passed
 * to the client) before the last of them is checked, and because a piece is small enough to hold
 * (4–64 MiB): with one connection per parent answering in order, a child holds at most one piece
 * per parent being received, plus the pieces its caller has not yet taken.
 *
 * <p>Requests to one parent share one connection and are pipelined on it; the connection is opened
 * on the first fetch and closed after the idle timeout. The download rate limit, when set, is one
 * token bucket shared by the connections to all parents. Safe to use from any thread.
 */
public final class PieceClient {

  private final ActorSystem<?> system;
  private final TransferSettings.Client settings;
  private final Optional<TlsSettings> tls;
  private final List<Inet.SocketOption> options;
  private final Optional<TokenBucket> downloadRate;
  private final ConcurrentMap<HostId, ParentConnection> connections = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();

  private PieceClient(ActorSystem<?> system, TransferSettings settings) {
    this.system = system;
    this.settings = settings.client();
    this.tls = settings.tls();
    this.options = settings.socketOptions();
    this.downloadRate =
        settings.client().maxDownloadBytesPerSecond().isPresent()
            ? Optional.of(
                TokenBucket.perSecond(settings.client().maxDownloadBytesPerSecond().getAsLong()))
            : Optional.empty();
  }

  /** Returns a client that opens connections in {@code system}; it has none open yet. */
  public static PieceClient create(ActorSystem<?> system, TransferSettings settings) {
    return new PieceClient(
        Objects.requireNonNull(system, "system"), Objects.requireNonNull(settings, "settings"));
  }

  /**
   * Fetches {@code expected} from {@code parent}, whose piece server listens at the address its id
   * names ({@code host:port}).
   *
   * @return the verified piece, or a stage failed with a {@link ParentFailure}
   */
  public CompletionStage<VerifiedPiece> fetch(HostId parent, ExpectedPiece expected) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(expected, "expected");
    PendingFetch fetch = PendingFetch.of(requestIds.incrementAndGet(), expected);
    submit(parent, fetch, true);
    return fetch.result().minimalCompletionStage();
  }

  /**
   * Closes the connection to {@code parent}, if open, failing its fetches with {@link
   * ParentFailure.Kind#CLOSED}: for a parent the node has given up on.
   */
  public void disconnect(HostId parent) {
    ParentConnection connection = connections.remove(parent);
    if (connection != null) {
      connection.close();
    }
  }

  /** Closes every connection, failing their fetches with {@link ParentFailure.Kind#CLOSED}. */
  public void close() {
    connections.keySet().forEach(this::disconnect);
  }

  /** Returns the number of parents this client holds an open connection to. */
  public int openConnections() {
    return (int) connections.values().stream().filter(ParentConnection::isOpen).count();
  }

  private void submit(HostId parent, PendingFetch fetch, boolean mayRetry) {
    ParentConnection connection;
    try {
      connection =
          connections.compute(
              parent, (id, open) -> open != null && open.isOpen() ? open : connect(id));
    } catch (IllegalArgumentException e) {
      fetch
          .result()
          .completeExceptionally(
              new ParentFailure(parent, ParentFailure.Kind.UNREACHABLE, e.getMessage()));
      return;
    }
    connection
        .offer(fetch)
        .whenComplete(
            (taken, refused) -> {
              if (refused == null) {
                return;
              }
              if (mayRetry) {
                submit(parent, fetch, false);
              } else {
                fetch
                    .result()
                    .completeExceptionally(
                        new ParentFailure(
                            parent, ParentFailure.Kind.CLOSED, "connection closed", refused));
              }
            });
  }

  private ParentConnection connect(HostId parent) {
    InetSocketAddress address = address(parent);
    Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> tcp =
        tls.isPresent() ? tlsConnection(address, tls.get()) : plainConnection(address);
    Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> network =
        downloadRate.map(bucket -> tcp.via(SharedThrottle.flow(bucket))).orElse(tcp);
    Pair<ParentConnection, CompletionStage<Tcp.OutgoingConnection>> started =
        Flow.fromGraph(new ParentConnectionStage(new ParentConnection(parent), settings))
            .joinMat(network, Keep.both())
            .run(system);
    ParentConnection connection = started.first();
    started.second().thenRun(connection::markConnected);
    return connection;
  }

  private Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> plainConnection(
      InetSocketAddress address) {
    return Tcp.get(system)
        .outgoingConnection(
            address,
            Optional.empty(),
            options,
            false,
            Optional.of(settings.connectTimeout()),
            Optional.empty());
  }

  private Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> tlsConnection(
      InetSocketAddress address, TlsSettings tls) {
    return Tcp.get(system)
        .outgoingConnectionWithTls(
            address,
            () -> tls.clientEngine(address.getHostString(), address.getPort()),
            Optional.empty(),
            options,
            Optional.of(settings.connectTimeout()),
            Optional.empty(),
            session -> Optional.empty(),
            TLSClosing.eagerClose());
  }

  /**
   * Returns the unresolved address in {@code parent}, so that names are resolved by Pekko's
   * non-blocking resolver rather than on the caller's thread.
   */
  static InetSocketAddress address(HostId parent) {
    String value = parent.value();
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException("host id must be host:port, was " + value);
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("host id must end in a port number, was " + value);
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port outside 1..65535 in host id " + value);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
