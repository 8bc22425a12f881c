package dev.parsec.gateway;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The Netty channel under a Vert.x HTTP connection (HTTP/1.x or HTTP/2). Vert.x offers no public
 * accessor; all its connections extend ConnectionBase, and the message below says what to update
 * should a Vert.x upgrade change that.
 */
final class Channels {

  private Channels() {
  }

  static Channel of(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      return base.channel();
    }
    throw new IllegalStateException("Vert.x's " + connection.getClass().getName()
        + " no longer extends ConnectionBase: update dev.parsec.gateway.Channels");
  }
}
