package dev.parsec.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.HttpConnection;

/**
 * What {@link ConnectionTimeouts} knows of one connection: its requests in flight, since when it has
 * had none, and when it last read bytes. It sits first in the channel's pipeline (below TLS) to see
 * every read; all of it runs on the connection's event loop.
 */
final class ConnectionWatch extends ChannelInboundHandlerAdapter {

  final HttpConnection connection;
  final Channel channel;
  private int inFlight;
  /** When the connection opened or its last response went out: the header and idle clocks start here. */
  private long quietSince;
  private long lastRead;

  ConnectionWatch(HttpConnection connection, Channel channel, long now) {
    this.connection = connection;
    this.channel = channel;
    this.quietSince = now;
    this.lastRead = now;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastRead = System.nanoTime();
    ctx.fireChannelRead(msg);
  }

  void requestStarted() {
    inFlight++;
  }

  void requestEnded(long now) {
    if (--inFlight == 0) {
      quietSince = now;
    }
  }

  /**
   * Whether the connection is past a deadline: with nothing in flight, no request's headers complete
   * within headerNanos of quietSince, or no bytes within idleNanos. A response whose bytes still wait
   * in the channel (a slow reader at the end of a download) is not over yet. A limit of 0 is none.
   */
  boolean overdue(long now, long headerNanos, long idleNanos) {
    if (inFlight > 0) {
      return false;
    }
    ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
    if (unsent != null && unsent.totalPendingWriteBytes() > 0) {
      quietSince = now;
      return false;
    }
    long silentSince = lastRead - quietSince > 0 ? lastRead : quietSince;
    return (headerNanos > 0 && now - quietSince >= headerNanos) || (idleNanos > 0 && now - silentSince >= idleNanos);
  }
}
