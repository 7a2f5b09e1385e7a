package dev.darner.transfer.serve;

import dev.darner.transfer.TlsSettings;
import dev.darner.transfer.TransferSettings;
import dev.darner.transfer.limit.SharedThrottle;
import dev.darner.transfer.limit.TokenBucket;
import dev.darner.transfer.wire.Frames;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's piece server, bound to the piece port: it answers children's requests for pieces with
 * the verified pieces of {@link LocalPieces}, over plain TCP or TLS.
 *
 * <p>Each connection carries many requests, answered one after the other in the order received. Two
 * limits hold over all connections together: the pieces uploaded at once (a request over it is
 * answered BUSY at once) and the upload rate, one token bucket shared by every connection.
 */
public final class PieceServer {

  private static final Logger log = LoggerFactory.getLogger(PieceServer.class);

  private static final int BACKLOG = 128;

  private final Tcp.ServerBinding binding;
  private final SharedKillSwitch connections;
  private final UploadSlots slots;

  private PieceServer(Tcp.ServerBinding binding, SharedKillSwitch connections, UploadSlots slots) {
    this.binding = binding;
    this.connections = connections;
    this.slots = slots;
  }

  /**
   * Binds the piece server to the interface and port of {@code settings} and serves {@code pieces};
   * port 0 binds any free port. Put a {@link PieceCache} in front of the store to serve recently
   * received pieces from memory.
   *
   * @return the bound server, or a failed stage when the port cannot be bound
   */
  public static CompletionStage<PieceServer> bind(
      ActorSystem<?> system, TransferSettings settings, LocalPieces pieces) {
    Objects.requireNonNull(pieces, "pieces");
    TransferSettings.Server server = settings.server();
    UploadSlots slots = new UploadSlots(server.maxConcurrentUploads());
    PieceResponder responder = new PieceResponder(pieces, slots);
    Optional<TokenBucket> uploadRate =
        server.maxUploadBytesPerSecond().isPresent()
            ? Optional.of(TokenBucket.perSecond(server.maxUploadBytesPerSecond().getAsLong()))
            : Optional.empty();
    SharedKillSwitch connections = KillSwitches.shared("piece-server-connections");
    Flow<ByteString, ByteString, NotUsed> connection =
        connectionFlow(responder, uploadRate).via(connections.flow());
    return incoming(system, settings)
        .to(Sink.foreach(incoming -> incoming.handleWith(connection, system)))
        .run(system)
        .thenApply(
            binding -> {
              log.info("Piece server listening on [{}]", binding.localAddress());
              return new PieceServer(binding, connections, slots);
            });
  }

  /** Returns the address the server listens on; with port 0 in the settings, the port chosen. */
  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Returns the pieces being uploaded now, over all connections. */
  public int uploadsInProgress() {
    return slots.inUse();
  }

  /**
   * Stops accepting connections and closes the open ones, uploads in progress included; their
   * children see the parent fail and turn to other parents.
   */
  public CompletionStage<Done> unbind() {
    return binding
        .unbind()
        .thenApply(
            unbound -> {
              connections.abort(new IllegalStateException("piece server unbound"));
              return Done.getInstance();
            });
  }

  private static Flow<ByteString, ByteString, NotUsed> connectionFlow(
      PieceResponder responder, Optional<TokenBucket> uploadRate) {
    Flow<ByteString, ByteString, NotUsed> answers =
        Flow.of(ByteString.class).via(Frames.decoder()).flatMapConcat(responder::answer);
    return uploadRate.map(bucket -> answers.via(SharedThrottle.flow(bucket))).orElse(answers);
  }

  private static Source<Tcp.IncomingConnection, CompletionStage<Tcp.ServerBinding>> incoming(
      ActorSystem<?> system, TransferSettings settings) {
    TransferSettings.Server server = settings.server();
    Optional<TlsSettings> tls = settings.tls();
    List<Inet.SocketOption> options = settings.socketOptions();
    Tcp tcp = Tcp.get(system);
    if (tls.isEmpty()) {
      return tcp.bind(
          server.bindInterface(),
          server.port(),
          BACKLOG,
          options,
          false,
          Optional.of(server.idleTimeout()));
    }
    TlsSettings tlsSettings = tls.get();
    return tcp.bindWithTls(
        server.bindInterface(),
        server.port(),
        tlsSettings::serverEngine,
        BACKLOG,
        options,
        Optional.of(server.idleTimeout()),
        session -> Optional.empty(),
        TLSClosing.eagerClose());
  }
}
