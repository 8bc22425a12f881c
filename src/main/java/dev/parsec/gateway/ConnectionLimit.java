package dev.parsec.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most connections a node keeps open (max_connections, for all its HTTP verticles together);
 * one more is closed at once, before it costs a request's work. 0: no limit.
 */
public final class ConnectionLimit implements Shareable {

  private final AtomicInteger open = new AtomicInteger();
  private final int max;

  private ConnectionLimit(int max) {
    this.max = max;
  }

  public static ConnectionLimit of(Vertx vertx, int max) {
    LocalMap<String, ConnectionLimit> holder = vertx.sharedData().getLocalMap("parsec.connections");
    ConnectionLimit fresh = new ConnectionLimit(max);
    ConnectionLimit existing = holder.putIfAbsent("limit", fresh);
    return existing == null ? fresh : existing;
  }

  public void accept(HttpConnection connection) {
    if (max == 0) {
      return;
    }
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      connection.close();
      return;
    }
    // the channel's close, not the connection's closeHandler: once upgraded to a WebSocket, the channel
    // is another Vert.x connection's, and this one's closeHandler never runs
    Channels.of(connection).closeFuture().addListener(closed -> open.decrementAndGet());
  }
}
