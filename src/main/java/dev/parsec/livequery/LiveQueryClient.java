package dev.parsec.livequery;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
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

  /** Sends a text message already encoded as UTF-8, as one frame (events are far below any frame limit). */
  void sendText(byte[] utf8) {
    if (writable()) {
      socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
    }
  }

  private boolean writable() {
    if (socket.isClosed()) {
      return false;
    }
    if (socket.writeQueueFull()) {
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
