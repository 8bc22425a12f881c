package dev.parsec.gateway;

import dev.parsec.config.GatewaySettings;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Closes connections that hold a slot without using it (Slowloris): one whose next request's headers
 * are not complete within http_header_timeout of its opening or of its previous response, and one with
 * nothing in flight that has read no bytes for http_idle_timeout. A request in flight (a long upload
 * or download, a slow query) and an upgraded WebSocket (LiveQuery has its own pings) are never cut.
 *
 * <p>One per HTTP verticle, used on its event loop only. Its connections are checked on one periodic
 * timer, as Node checks its headersTimeout, rather than each request arming and cancelling a timer.
 */
public final class ConnectionTimeouts implements Handler<RoutingContext> {

  private static final AttributeKey<ConnectionWatch> WATCH = AttributeKey.valueOf("parsec.connectionWatch");

  private final long headerNanos;
  private final long idleNanos;
  private final Set<ConnectionWatch> watched = new HashSet<>();

  private ConnectionTimeouts(long headerNanos, long idleNanos) {
    this.headerNanos = headerNanos;
    this.idleNanos = idleNanos;
  }

  /** Starts checking on the calling verticle's event loop; the timer ends with the verticle. */
  public static ConnectionTimeouts start(Vertx vertx, GatewaySettings settings) {
    ConnectionTimeouts timeouts = new ConnectionTimeouts(settings.headerTimeout().toNanos(), settings.idleTimeout().toNanos());
    long shortest = Math.min(positiveOr(timeouts.headerNanos), positiveOr(timeouts.idleNanos));
    if (shortest != Long.MAX_VALUE) {
      // a tenth of the shortest limit, between 100 ms and 1 s: closes land that close to the deadline
      long tickMillis = Math.max(100, Math.min(1_000, shortest / 10 / 1_000_000));
      vertx.setPeriodic(tickMillis, id -> timeouts.sweep());
    }
    return timeouts;
  }

  /** The connection handler's part: starts watching a new connection. */
  public void accept(HttpConnection connection) {
    if (off()) {
      return;
    }
    Channel channel = Channels.of(connection);
    ConnectionWatch watch = new ConnectionWatch(connection, channel, System.nanoTime());
    channel.attr(WATCH).set(watch);
    channel.pipeline().addFirst(watch);
    watched.add(watch);
    channel.closeFuture().addListener(closed -> watched.remove(watch));
  }

  /** The first route handler: a request whose headers are complete is in flight until its response ends. */
  @Override
  public void handle(RoutingContext ctx) {
    HttpConnection connection = off() ? null : ctx.request().connection();
    ConnectionWatch watch = connection == null ? null : Channels.of(connection).attr(WATCH).get();
    if (watch != null) {
      watch.requestStarted();
      ctx.addEndHandler(done -> watch.requestEnded(System.nanoTime()));
    }
    ctx.next();
  }

  /** A WebSocket accepted on a watched connection: from now on it is LiveQuery's to keep or close. */
  public void upgraded(ServerWebSocket socket) {
    if (socket instanceof WebSocketInternal internal) {
      ConnectionWatch watch = internal.channelHandlerContext().channel().attr(WATCH).getAndSet(null);
      if (watch != null) {
        watched.remove(watch);
        watch.channel.pipeline().remove(watch);
      }
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    List<ConnectionWatch> overdue = new ArrayList<>();
    for (ConnectionWatch watch : watched) {
      if (watch.overdue(now, headerNanos, idleNanos)) {
        overdue.add(watch);
      }
    }
    for (ConnectionWatch watch : overdue) {
      watched.remove(watch);
      // HTTP/2: a GOAWAY first, so the client knows no stream of it was taken
      watch.connection.close();
    }
  }

  private boolean off() {
    return headerNanos == 0 && idleNanos == 0;
  }

  private static long positiveOr(long nanos) {
    return nanos > 0 ? nanos : Long.MAX_VALUE;
  }
}
