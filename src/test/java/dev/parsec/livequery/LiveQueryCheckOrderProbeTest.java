package dev.parsec.livequery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.writes.ChangeFeed;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Probe of a connection's events that wait on PostgreSQL's checks ($inQuery): they are sent in order, each once the
 * one before it was handled. Chained as futures, thousands already checked behind one slow check completed nested
 * inside each other when it ended, overflowed the loop's stack, and the connection, still open, got none of them nor
 * any later event checked by PostgreSQL.
 */
@DisplayName("LiveQuery probe: events checked by PostgreSQL, queued behind one slow check, all reach the connection")
class LiveQueryCheckOrderProbeTest {

  private static final int QUEUED = 5_000;

  @Test
  @DisplayName("one event's $inQuery check waits on a lock while 5,000 of another subscription are checked; all arrive in order, and the next")
  void checkedBacklogDrains() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("livequery_classes", "Slow,Fast");
    settings.put("http_instances", "1");
    Node node = TestNodes.startReady(settings);
    WebSocketClient sockets = node.vertx().createWebSocketClient();
    try {
      Api api = Api.at(node.config().port()).asMaster();
      String locked = api.post("/parse/classes/Held", new JsonObject().put("n", 1)).json().getString("objectId");
      String free = api.post("/parse/classes/Free", new JsonObject().put("n", 1)).json().getString("objectId");
      assertEquals(201, api.post("/parse/classes/Slow", new JsonObject().put("ref", pointer("Held", locked))).status());
      assertEquals(201, api.post("/parse/classes/Fast", new JsonObject().put("ref", pointer("Free", free))).status());
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(node.config().port()).setURI("/parse")).await(10, TimeUnit.SECONDS);
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID)
          .put("masterKey", TestNodes.MASTER_KEY).encode());
      Received.await(received, 1, 10_000);
      subscribe(socket, 1, "Slow", "Held");
      subscribe(socket, 2, "Fast", "Free");
      Received.await(received, 3, 10_000);

      try (Connection lock = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        lock.setAutoCommit(false);
        lock.createStatement().execute("LOCK TABLE \"Held\" IN ACCESS EXCLUSIVE MODE");
        publish(node, "Slow", "s0", 0, pointer("Held", locked));
        for (int i = 1; i <= QUEUED; i++) {
          publish(node, "Fast", "f" + i, i, pointer("Free", free));
        }
        Thread.sleep(2_000);
        assertEquals(3, received.size(), "nothing is sent before the first event's check is done");
        lock.rollback();
      }

      awaitCount(received, 4 + QUEUED, 30_000);
      publish(node, "Fast", "f" + (QUEUED + 1), QUEUED + 1, pointer("Free", free));
      awaitCount(received, 5 + QUEUED, 10_000);
      for (int i = 0; i <= QUEUED + 1; i++) {
        assertEquals(i, received.get(3 + i).getJsonObject("object").getInteger("n"), "in the order they were made");
      }
      socket.close();
    } finally {
      sockets.close();
      node.stop();
    }
  }

  private static JsonObject pointer(String className, String objectId) {
    return new JsonObject().put("__type", "Pointer").put("className", className).put("objectId", objectId);
  }

  private static void subscribe(WebSocket socket, int requestId, String className, String target) {
    socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", requestId)
        .put("query", new JsonObject().put("className", className).put("where", new JsonObject().put("ref",
            new JsonObject().put("$inQuery", new JsonObject().put("className", target).put("where", new JsonObject())))))
        .encode());
  }

  /** A change as the write path publishes it (a write of Slow would wait for the lock itself). */
  private static void publish(Node node, String className, String objectId, int n, JsonObject ref) {
    node.vertx().eventBus().publish(ChangeFeed.ADDRESS, new JsonObject().put("className", className).put("op", "create")
        .put("object", new JsonObject().put("objectId", objectId).put("n", n).put("ref", ref)
            .put("createdAt", "2026-01-01T00:00:00.000Z").put("updatedAt", "2026-01-01T00:00:00.000Z")));
  }

  /** As Received.await, naming only how many came (thousands of events would make an unreadable message). */
  private static void awaitCount(List<JsonObject> received, int count, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (received.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(count, received.size(), "messages received (connected, subscribed twice, then events)");
  }
}
