package dev.darner.api.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port that {@code HTTP_PROXY} and {@code HTTPS_PROXY} point at. A connection that opens with
 * {@code CONNECT host:port} becomes a tunnel to that server, whose bytes pass through untouched;
 * any other connection is relayed to the node's own HTTP port, where {@link ProxyRoutes} answers
 * it.
 *
 * <p>Why a port of its own: Pekko HTTP cannot hand a connection over to raw bytes after answering a
 * {@code CONNECT}, so tunnels must be cut off before HTTP parsing. The first request of a
 * connection decides its fate: a {@code CONNECT} sent after plain requests on one kept-alive
 * connection reaches Pekko HTTP, which refuses it; clients open a new connection per tunnel.
 */
public final class ProxyFront {

  private static final Logger log = LoggerFactory.getLogger(ProxyFront.class);

  private static final ByteString ESTABLISHED =
      ByteString.fromString("HTTP/1.1 200 Connection Established\r\n\r\n");

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Tcp.ServerBinding binding;

  private ProxyFront(Tcp.ServerBinding binding) {
    this.binding = binding;
  }

  /**
   * Starts the front on {@code bindHost} and the settings' port, relaying plain requests to the
   * HTTP API at {@code httpHost}:{@code httpPort}, and unbinds it on coordinated shutdown.
   */
  public static CompletionStage<ProxyFront> start(
      ActorSystem<?> system,
      ProxySettings settings,
      String bindHost,
      String httpHost,
      int httpPort) {
    Materializer materializer = Materializer.matFromSystem(system);
    Tcp tcp = Tcp.get(system);
    return tcp.bind(bindHost, settings.port())
        .to(
            Sink.foreach(
                connection -> {
                  if (!settings.remoteClients()
                      && !connection.remoteAddress().getAddress().isLoopbackAddress()) {
                    Source.<ByteString>empty()
                        .via(connection.flow())
                        .runWith(Sink.ignore(), materializer);
                    return;
                  }
                  connection.handleWith(
                      handler(tcp, new InetSocketAddress(httpHost, httpPort)), materializer);
                }))
        .run(materializer)
        .thenApply(
            bound -> {
              ProxyFront front = new ProxyFront(bound);
              CoordinatedShutdown.get(system)
                  .addTask(
                      CoordinatedShutdown.PhaseServiceUnbind(),
                      "darner-proxy-unbind",
                      () -> bound.unbind().thenApply(unit -> Done.getInstance()));
              return front;
            });
  }

  /** Returns the port the front listens on (useful when configured as 0). */
  public int port() {
    return binding.localAddress().getPort();
  }

  private static Flow<ByteString, ByteString, NotUsed> handler(Tcp tcp, InetSocketAddress http) {
    return Flow.<ByteString>create()
        .statefulMap(
            RequestHead::new,
            (head, bytes) -> Pair.create(head, head.accept(bytes)),
            head -> Optional.empty())
        .mapConcat(pieces -> pieces)
        .flatMapPrefix(1, first -> route(tcp, http, first.iterator().next()))
        .mapMaterializedValue(unused -> NotUsed.getInstance());
  }

  private static Flow<ByteString, ByteString, NotUsed> route(
      Tcp tcp, InetSocketAddress http, ByteString head) {
    String target = RequestHead.connectTarget(head);
    if (target == null) {
      return Flow.<ByteString>create()
          .prepend(Source.single(head))
          .via(tcp.outgoingConnection(http.getHostString(), http.getPort()))
          .mapMaterializedValue(unused -> NotUsed.getInstance());
    }
    Optional<InetSocketAddress> server = parseAuthority(target);
    if (server.isEmpty()) {
      return Flow.fromSinkAndSource(
          Sink.ignore(), Source.single(ByteString.fromString("HTTP/1.1 400 Bad Request\r\n\r\n")));
    }
    log.debug("Tunnelling to [{}]", target);
    return Flow.<ByteString>create()
        .via(
            tcp.outgoingConnection(
                server.get(),
                Optional.empty(),
                List.of(),
                false,
                Optional.of(CONNECT_TIMEOUT),
                Optional.empty()))
        .prepend(Source.single(ESTABLISHED))
        .mapMaterializedValue(unused -> NotUsed.getInstance());
  }

  private static Optional<InetSocketAddress> parseAuthority(String authority) {
    int colon = authority.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(authority.substring(colon + 1));
      String host = authority.substring(0, colon).replace("[", "").replace("]", "");
      return port < 1 || port > 65535
          ? Optional.empty()
          : Optional.of(InetSocketAddress.createUnresolved(host, port));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
