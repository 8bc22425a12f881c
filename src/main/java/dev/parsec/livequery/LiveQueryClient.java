package dev.parsec.livequery;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One WebSocket connection: whether it connected, who it is, and its subscriptions by request id. */
final class LiveQueryClient {

  final String id;
  final ServerWebSocket socket;
  final Map<Integer, Subscription> subscriptions = new HashMap<>();
  boolean connected;
  final long opened = System.currentTimeMillis();
  long lastSeen = opened;
  boolean master;
  String userId;
  List<String> aclNames = List.of("*");

  LiveQueryClient(String id, ServerWebSocket socket) {
    this.id = id;
    this.socket = socket;
  }

  /** Sends a message unless the client fell too far behind; then it is closed, so it never slows others. */
  void send(JsonObject message) {
    send(message.encode());
  }

  void send(String message) {
    if (writable()) {
      socket.writeTextMessage(message);
    }
  }

  /**
   * Sends one event, already encoded as UTF-8 in two parts (the audience's shared part and this
   * subscription's ids), as one text frame written straight to the connection's channel. Fan-out writes
   * one frame to thousands of sockets per event: going around Vert.x's frame conversion and write queue
   * leaves one pooled buffer and one send per socket. Called on the connection's own event loop (events are
   * delivered by the verticle that accepted the socket), so these writes keep their order with Vert.x's own.
   */
  void sendText(byte[] shared, byte[] own) {
    if (!writable()) {
      return;
    }
    ChannelHandlerContext channel = channel();
    int length = shared.length + own.length;
    ByteBuf frame = channel.alloc().ioBuffer(FrameHeader.length(length) + length);
    FrameHeader.writeText(frame, length);
    channel.writeAndFlush(frame.writeBytes(shared).writeBytes(own), channel.voidPromise());
  }

  private ChannelHandlerContext channel() {
    return ((WebSocketInternal) socket).channelHandlerContext();
  }

  /**
   * Whether a message may be written: the connection is open and has less than the write queue's size
   * pending, counting what Vert.x queued and what was written straight to the channel.
   */
  private boolean writable() {
    if (socket.isClosed()) {
      return false;
    }
    if (socket.writeQueueFull() || !channel().channel().isWritable()) {
      socket.close((short) 1008, "too slow: events were dropped");
      return false;
    }
    return true;
  }

  void error(int code, String error, boolean reconnect, Integer requestId) {
    JsonObject message = new JsonObject().put("op", "error").put("code", code).put("error", error).put("reconnect", reconnect);
    if (requestId != null) {
      message.put("requestId", requestId);
    }
    send(message);
  }
}
