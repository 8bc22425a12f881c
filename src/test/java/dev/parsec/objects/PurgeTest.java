package dev.parsec.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * DELETE /purge/:className, Parse Dashboard's "Delete all rows": the master key's only; every object goes
 * as its delete would (a user's or a session's tokens stop working), and the class stays.
 */
@DisplayName("/purge/:className deletes every object of a class through the write path")
class PurgeTest {

  private static Node node;
  private static Api client;
  private static Api master;

  @BeforeAll
  static void start() {
    node = TestNodes.startReady(TestNodes.settings(TestDatabases.fresh()));
    client = Api.at(node.config().port());
    master = client.asMaster();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static int count(String className) {
    Api.Response found = master.get("/parse/classes/" + className, Map.of("count", "1", "limit", "0"));
    assertEquals(200, found.status(), found.toString());
    return found.json().getInteger("count");
  }

  @Test
  @DisplayName("pages through a class of more objects than a page, keeps the class, and answers {}")
  void purgesAnAppClass() {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < 1_200; i++) {
      requests.add(new JsonObject().put("method", "POST").put("path", "/parse/classes/Purged")
          .put("body", new JsonObject().put("n", i)));
      if (requests.size() == 50) {
        assertEquals(200, master.post("/parse/batch", new JsonObject().put("requests", requests)).status());
        requests = new JsonArray();
      }
    }
    assertEquals(1_200, count("Purged"));

    Api.Response purged = master.delete("/parse/purge/Purged");
    assertEquals(200, purged.status(), purged.toString());
    assertEquals(new JsonObject(), purged.json());
    assertEquals(0, count("Purged"));
    assertEquals(200, master.get("/parse/schemas/Purged").status(), "the class stays");
  }

  @Test
  @DisplayName("a client is refused (403) and nothing is deleted")
  void clientsAreRefused() {
    assertEquals(201, master.post("/parse/classes/Kept", new JsonObject().put("a", 1)).status());
    Api.Response refused = client.delete("/parse/purge/Kept");
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("unauthorized: master key is required", refused.json().getString("error"));
    String token = TestUsers.signUp(node.config().port());
    assertEquals(403, client.header("X-Parse-Session-Token", token).delete("/parse/purge/Kept").status());
    assertEquals(1, count("Kept"));
  }

  @Test
  @DisplayName("a class that does not exist answers {}; a name that is no class name answers 103")
  void unknownClasses() {
    Api.Response unknown = master.delete("/parse/purge/NeverMade");
    assertEquals(200, unknown.status(), unknown.toString());
    assertEquals(new JsonObject(), unknown.json());
    Api.Response invalid = master.delete("/parse/purge/1nvalid");
    assertEquals(400, invalid.status(), invalid.toString());
    assertEquals(103, invalid.json().getInteger("code"));
  }

  @Test
  @DisplayName("purging _Session signs every user out, on the spot (the sessions' revocation runs for each)")
  void purgingSessionsRevokesThem() {
    String token = TestUsers.signUp(node.config().port());
    Api signedIn = client.header("X-Parse-Session-Token", token);
    assertEquals(200, signedIn.get("/parse/users/me").status());

    assertEquals(200, master.delete("/parse/purge/_Session").status());
    Api.Response after = signedIn.get("/parse/users/me");
    assertEquals(209, after.json().getInteger("code"), after.toString());
    assertEquals(0, count("_Session"));
  }

  @Test
  @DisplayName("purging _User deletes the users and their sessions")
  void purgingUsersEndsTheirSessions() {
    String token = TestUsers.signUp(node.config().port());
    assertEquals(200, master.delete("/parse/purge/_User").status());
    assertEquals(0, count("_User"));
    Api.Response after = client.header("X-Parse-Session-Token", token).get("/parse/users/me");
    assertEquals(209, after.json().getInteger("code"), after.toString());
  }

  @Test
  @DisplayName("system classes made after the first ones (_Audience, _PushStatus) are classes to purge, not invalid names")
  void purgesLaterSystemClasses() {
    Api.Response audience = master.post("/parse/push_audiences",
        new JsonObject().put("name", "everyone").put("query", "{}"));
    assertEquals(201, audience.status(), audience.toString());
    Api.Response purged = master.delete("/parse/purge/_Audience");
    assertEquals(200, purged.status(), purged.toString());
    assertEquals(0, count("_Audience"));
    assertEquals(200, master.delete("/parse/purge/_PushStatus").status());
  }
}
