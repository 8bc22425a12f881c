package dev.parsec.livequery;

import dev.parsec.access.Access;
import dev.parsec.error.ParseException;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** One WebSocket connection: whether it connected, who it is, and its subscriptions by request id. */
final class LiveQueryClient {

  final String id;
  final ServerWebSocket socket;
  final Map<Integer, Subscription> subscriptions = new HashMap<>();
  boolean connected;
  /** This connection's messages, each handled once the one before is done. */
  final InOrder messages = new InOrder();
  /** Messages received and not yet handled. */
  int waiting;
  final long opened = System.currentTimeMillis();
  long lastSeen = opened;
  /** The address the connection came from, through trusted proxies: the master key is judged by it. */
  final String address;
  /** Who the connection is: the master key it connected with, and its session's user while the session is valid. */
  Access access = Access.ANONYMOUS;
  /** Whether events may be written straight to the socket ({@link FrameWriter#direct}). */
  private final boolean direct;

  /** Which of the server's ping rounds pings this connection. */
  final int pingRound;
  private final LiveQueryMetrics metrics;
  /** Whether the connection was closed for reading too slowly. */
  private boolean dropped;
  /** The events that wait on PostgreSQL's checks, sent one after another (see {@link #inOrder}). */
  private final InOrder checked = new InOrder();

  LiveQueryClient(String id, ServerWebSocket socket, String address, int pingRound, LiveQueryMetrics metrics) {
    this.id = id;
    this.metrics = metrics;
    this.address = address;
    this.socket = socket;
    this.pingRound = pingRound;
    this.direct = FrameWriter.direct(socket, channel());
  }

  /** Whether the connection is a user by a session, which may end or whose roles may change. */
  boolean signedIn() {
    return !access.master() && access.signedIn();
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
   * subscription's ids), as one text frame written around Vert.x's frame conversion and write queue (see
   * {@link FrameWriter}). Called on the connection's own event loop (events are delivered by the verticle
   * that accepted the socket), so these writes keep their order with Vert.x's own.
   */
  void sendText(FrameWriter writer, byte[] shared, byte[] own) {
    if (writable()) {
      writer.write(channel(), direct, shared, own);
    }
  }

  /** Hands an event to send once it is ready and every event queued before it on this connection was handled. */
  <T> void inOrder(Future<T> ready, Consumer<T> send) {
    // not a chain of futures: thousands checked behind one slow check would complete nested and overflow the stack
    checked.add(() -> ready.andThen(done -> {
      if (done.succeeded()) {
        send.accept(done.result());
      }
    }));
  }

  private ChannelHandlerContext channel() {
    return ((WebSocketInternal) socket).channelHandlerContext();
  }

  /**
   * Whether a message may be written: the connection is open and has less than the write queue's size
   * pending, counting what Vert.x queued and what was written straight to the channel.
   */
  private boolean writable() {
    if (dropped || socket.isClosed()) {
      return false;
    }
    if (socket.writeQueueFull() || !channel().channel().isWritable()) {
      dropped = true;
      metrics.droppedSlow();
      socket.close((short) 1008, "too slow: events were dropped");
      return false;
    }
    return true;
  }

  /** A refusal of a subscription, with its Parse error's code and message (as REST answers them). */
  void error(ParseException refused, Integer requestId) {
    error(refused.code(), refused.getMessage(), false, requestId);
  }

  void error(int code, String error, boolean reconnect, Integer requestId) {
    JsonObject message = new JsonObject().put("op", "error").put("code", code).put("error", error).put("reconnect", reconnect);
    if (requestId != null) {
      message.put("requestId", requestId);
    }
    send(message);
  }
}
