package dev.parsec.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A LiveQuery client of a node, as the SDKs speak it: it connects, subscribes, and keeps every message it receives. */
public final class LiveQuerySocket implements AutoCloseable {

  /** Every message received, in order. */
  public final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final WebSocketClient client;
  private final WebSocket socket;

  private LiveQuerySocket(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
  }

  /** Opens a socket to the node and connects with the given credentials (masterKey or sessionToken); waits for the answer. */
  public static LiveQuerySocket connect(Node node, JsonObject credentials) throws Exception {
    WebSocketClient client = node.vertx().createWebSocketClient();
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(node.config().port()).setURI("/parse")).await(10, TimeUnit.SECONDS);
    LiveQuerySocket opened = new LiveQuerySocket(client, socket);
    opened.send(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID).mergeIn(credentials));
    Received.await(opened.received, 1, 10_000);
    return opened;
  }

  /** As {@link #connect} with the master key. */
  public static LiveQuerySocket asMaster(Node node) throws Exception {
    return connect(node, new JsonObject().put("masterKey", TestNodes.MASTER_KEY));
  }

  /** Subscribes to a query ({className, where}) with the request's extra fields (a sessionToken); waits for its answer. */
  public JsonObject subscribe(int requestId, JsonObject query, JsonObject extra) throws InterruptedException {
    int before = received.size();
    send(new JsonObject().put("op", "subscribe").put("requestId", requestId).put("query", query).mergeIn(extra));
    Received.await(received, before + 1, 10_000);
    return received.get(before);
  }

  public void send(JsonObject message) {
    socket.writeTextMessage(message.encode());
  }

  /** As {@link Received#await}, but fails naming only how many came (thousands of events make an unreadable message). */
  public void awaitCount(int count, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (received.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(count, received.size(), "messages received");
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
