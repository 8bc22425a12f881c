package dev.parsec.livequery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LiveQuerySocket;
import dev.parsec.support.Received;
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
 * Found by the fault matrix (scripts/faults.sh, kill -9 of a node): a loop's changes queued behind one that waited
 * seconds for PostgreSQL overflowed the loop's stack when it ended, and that loop's subscribers, still connected,
 * got no event again.
 */
@DisplayName("LiveQuery: changes queued behind a slow schema read are all delivered, and later ones too")
class LiveQueryBacklogTest {

  private static final int QUEUED = 5_000;

  @Test
  @DisplayName("5,000 changes wait while _SCHEMA is locked; once it is free the subscriber gets every one, in order, and the next write")
  void backlogDrains() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("livequery_classes", "Backlog");
    settings.put("http_instances", "1");
    Node node = TestNodes.startReady(settings);
    try {
      Api api = Api.at(node.config().port()).asMaster();
      assertEquals(201, api.post("/parse/classes/Backlog", new JsonObject().put("n", -1)).status());
      LiveQuerySocket socket = LiveQuerySocket.asMaster(node);
      List<JsonObject> received = socket.received;
      assertEquals("subscribed", socket.subscribe(1, new JsonObject().put("className", "Backlog")
          .put("where", new JsonObject()), new JsonObject()).getString("op"), received.toString());
      assertEquals(201, api.post("/parse/classes/Backlog", new JsonObject().put("n", 0)).status());
      Received.await(received, 3, 10_000);

      // a schema change drops the cached schema: the next change's delivery reads it from _SCHEMA, which waits
      assertEquals(200, api.put("/parse/schemas/Backlog", new JsonObject().put("className", "Backlog")
          .put("fields", new JsonObject().put("extra", new JsonObject().put("type", "String")))).status());
      try (Connection lock = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        lock.setAutoCommit(false);
        lock.createStatement().execute("LOCK TABLE \"_SCHEMA\" IN ACCESS EXCLUSIVE MODE");
        // the changes of writes as the write path publishes them (writes would wait for the schema themselves)
        for (int i = 1; i <= QUEUED; i++) {
          node.vertx().eventBus().publish(ChangeFeed.ADDRESS, new JsonObject().put("className", "Backlog").put("op", "create")
              .put("object", new JsonObject().put("objectId", "q" + i).put("n", i)
                  .put("createdAt", "2026-01-01T00:00:00.000Z").put("updatedAt", "2026-01-01T00:00:00.000Z")));
        }
        Thread.sleep(1_000);
        assertEquals(3, received.size(), "nothing is delivered while the schema cannot be read");
        lock.rollback();
      }

      socket.awaitCount(3 + QUEUED, 30_000);
      assertEquals(201, api.post("/parse/classes/Backlog", new JsonObject().put("n", QUEUED + 1)).status());
      socket.awaitCount(4 + QUEUED, 10_000);
      for (int i = 1; i <= QUEUED + 1; i++) {
        assertEquals(i, received.get(2 + i).getJsonObject("object").getInteger("n"), "in the order they were made");
      }
      socket.close();
    } finally {
      node.stop();
    }
  }
}
