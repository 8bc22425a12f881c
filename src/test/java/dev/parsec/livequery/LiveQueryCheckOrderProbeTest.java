package dev.parsec.livequery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LiveQuerySocket;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.writes.ChangeFeed;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
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
    try {
      Api api = Api.at(node.config().port()).asMaster();
      String locked = api.post("/parse/classes/Held", new JsonObject().put("n", 1)).json().getString("objectId");
      String free = api.post("/parse/classes/Free", new JsonObject().put("n", 1)).json().getString("objectId");
      assertEquals(201, api.post("/parse/classes/Slow", new JsonObject().put("ref", pointer("Held", locked))).status());
      assertEquals(201, api.post("/parse/classes/Fast", new JsonObject().put("ref", pointer("Free", free))).status());
      LiveQuerySocket socket = LiveQuerySocket.asMaster(node);
      List<JsonObject> received = socket.received;
      socket.subscribe(1, refInQuery("Slow", "Held"), new JsonObject());
      socket.subscribe(2, refInQuery("Fast", "Free"), new JsonObject());

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

      socket.awaitCount(4 + QUEUED, 30_000);
      publish(node, "Fast", "f" + (QUEUED + 1), QUEUED + 1, pointer("Free", free));
      socket.awaitCount(5 + QUEUED, 10_000);
      for (int i = 0; i <= QUEUED + 1; i++) {
        assertEquals(i, received.get(3 + i).getJsonObject("object").getInteger("n"), "in the order they were made");
      }
      socket.close();
    } finally {
      node.stop();
    }
  }

  private static JsonObject pointer(String className, String objectId) {
    return new JsonObject().put("__type", "Pointer").put("className", className).put("objectId", objectId);
  }

  private static JsonObject refInQuery(String className, String target) {
    return new JsonObject().put("className", className).put("where", new JsonObject().put("ref",
        new JsonObject().put("$inQuery", new JsonObject().put("className", target).put("where", new JsonObject()))));
  }

  /** A change as the write path publishes it (a write of Slow would wait for the lock itself). */
  private static void publish(Node node, String className, String objectId, int n, JsonObject ref) {
    node.vertx().eventBus().publish(ChangeFeed.ADDRESS, new JsonObject().put("className", className).put("op", "create")
        .put("object", new JsonObject().put("objectId", objectId).put("n", n).put("ref", ref)
            .put("createdAt", "2026-01-01T00:00:00.000Z").put("updatedAt", "2026-01-01T00:00:00.000Z")));
  }
}
