package dev.parsec.livequery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.access.RoleNames;
import dev.parsec.access.SessionLookup;
import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LiveQuerySocket;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Probe of a loop's re-identification of its subscribers (roles changed, sessions ended). Chained as futures, thousands
 * of ended sessions of users not connected (each done at once) queued behind one slow role reading completed nested
 * when it ended, overflowed the loop's stack, and the chain never completed again: a subscriber who logged out went
 * on receiving the events of objects only its user may read.
 */
@DisplayName("LiveQuery probe: a logout still ends a subscriber's access after thousands of session ends queued behind a slow role reading")
class LiveQuerySessionEndProbeTest {

  private static final int QUEUED = 5_000;

  @Test
  @DisplayName("5,000 other sessions end while _Role is locked; once free, the subscriber's logout stops its private events")
  void logoutAfterBacklog() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("livequery_classes", "Note");
    settings.put("http_instances", "1");
    Node node = TestNodes.startReady(settings);
    try {
      Api api = Api.at(node.config().port());
      Api master = Api.at(node.config().port()).asMaster();
      JsonObject user = api.post("/parse/users", new JsonObject().put("username", "ann").put("password", "secret-pass-1")).json();
      String token = user.getString("sessionToken");
      JsonObject own = new JsonObject().put(user.getString("objectId"), new JsonObject().put("read", true));
      LiveQuerySocket socket = LiveQuerySocket.connect(node, new JsonObject().put("sessionToken", token));
      List<JsonObject> received = socket.received;
      assertEquals("subscribed", socket.subscribe(1, new JsonObject().put("className", "Note").put("where", new JsonObject()),
          new JsonObject().put("sessionToken", token)).getString("op"), received.toString());
      assertEquals(201, master.post("/parse/classes/Note", new JsonObject().put("n", 1).put("ACL", own)).status());
      Received.await(received, 3, 10_000);

      try (Connection lock = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        lock.setAutoCommit(false);
        lock.createStatement().execute("LOCK TABLE \"_Join:users:_Role\" IN ACCESS EXCLUSIVE MODE");
        node.vertx().eventBus().publish(RoleNames.CHANGED_ADDRESS, new JsonObject());
        for (int i = 0; i < QUEUED; i++) {
          node.vertx().eventBus().publish(SessionLookup.ENDED_ADDRESS,
              new JsonObject().put("token", "r:gone" + i).put("userId", "gone" + i));
        }
        Thread.sleep(1_000);
        lock.rollback();
      }
      Thread.sleep(1_000);

      assertEquals(200, api.header("X-Parse-Session-Token", token).post("/parse/logout", new JsonObject()).status());
      Thread.sleep(1_000);
      assertEquals(201, master.post("/parse/classes/Note", new JsonObject().put("n", 2).put("ACL", own)).status());
      assertEquals(201, master.post("/parse/classes/Note", new JsonObject().put("n", 3)).status());
      Received.await(received, 4, 10_000);
      Thread.sleep(500);
      assertEquals(4, received.size(), received.toString());
      assertEquals(3, received.get(3).getJsonObject("object").getInteger("n"), "the logged-out subscriber gets only the public note");
      assertTrue(received.stream().noneMatch(m -> m.getJsonObject("object") != null
          && m.getJsonObject("object").getInteger("n") == 2), "no private note after logout");
      socket.close();
    } finally {
      node.stop();
    }
  }
}
