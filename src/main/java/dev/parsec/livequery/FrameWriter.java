package dev.parsec.livequery;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;

/**
 * Writes LiveQuery events as WebSocket text frames for one event loop. Fan-out writes one frame to
 * thousands of sockets per event; where the connection is a plain (not TLS) socket of Netty's native
 * transport with nothing pending in Netty's outbound buffer, the frame is built in this loop's scratch
 * buffer and written to the socket's file descriptor at once: one system call, no allocation, no trip
 * through the pipeline. Whatever the socket does not take, and every other connection, goes through
 * Netty as usual, so frames keep their order with what Vert.x writes.
 */
final class FrameWriter {

  /** Larger frames (rare: objects of many KB) take Netty's path, so the scratch buffer stays small. */
  private static final int SCRATCH_BYTES = 64 * 1024;

  private final ByteBuf scratch = Unpooled.directBuffer(SCRATCH_BYTES, SCRATCH_BYTES);
  /** Events written (a pre-registered counter: one add per frame, no lookup). */
  private final Counter sent;

  FrameWriter(Counter sent) {
    this.sent = sent;
  }

  /** Whether frames to this connection may skip the pipeline: native transport, no TLS. */
  static boolean direct(ServerWebSocket socket, ChannelHandlerContext context) {
    return !socket.isSsl() && context.channel() instanceof UnixChannel && context.pipeline().get(SslHandler.class) == null;
  }

  void write(ChannelHandlerContext context, boolean direct, byte[] shared, byte[] own) {
    sent.increment();
    int length = shared.length + own.length;
    int size = FrameHeader.length(length) + length;
    ChannelOutboundBuffer pending = context.channel().unsafe().outboundBuffer();
    if (!direct || size > SCRATCH_BYTES || !scratch.hasMemoryAddress() || pending == null
        || pending.totalPendingWriteBytes() > 0) {
      context.writeAndFlush(frame(context.alloc().ioBuffer(size), shared, own), context.voidPromise());
      return;
    }
    frame(scratch.clear(), shared, own);
    int written;
    try {
      written = ((UnixChannel) context.channel()).fd().writeAddress(scratch.memoryAddress(), 0, size);
    } catch (IOException e) {
      context.channel().close(); // the peer is gone: Netty's close runs the connection's close handlers
      return;
    }
    if (written < size) {
      // the socket's buffer is full: Netty keeps the rest and writes it when the socket drains
      context.writeAndFlush(context.alloc().ioBuffer(size - written).writeBytes(scratch, written, size - written),
          context.voidPromise());
    }
  }

  private static ByteBuf frame(ByteBuf into, byte[] shared, byte[] own) {
    FrameHeader.writeText(into, shared.length + own.length);
    return into.writeBytes(shared).writeBytes(own);
  }
}
