package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Triggers of the test module (TestFunctions) on the class Priced. */
@DisplayName("Cloud triggers: beforeSave changes or refuses, beforeDelete refuses, after* are told once committed")
class CloudTriggersTest {

  private static DatabaseUrl database;
  private static Node node;
  private static Api client;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("allow_client_class_creation", "true");
    node = TestNodes.start(settings);
    client = Api.at(node.config().port());
    client.awaitReady();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("beforeSave sets a field on create and update, and its error refuses the save with nothing written")
  void beforeSave() throws Exception {
    Api.Response created = client.post("/parse/classes/Priced", new JsonObject().put("qty", 3).put("price", 2.5));
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    assertEquals(7.5, client.get("/parse/classes/Priced/" + id).json().getDouble("total"));
    assertEquals(200, client.put("/parse/classes/Priced/" + id, new JsonObject().put("qty", 4).put("price", 2.5)).status());
    assertEquals(10.0, client.get("/parse/classes/Priced/" + id).json().getDouble("total"));
    awaitContains(TestFunctions.SAVED, id);

    Api.Response refused = client.post("/parse/classes/Priced", new JsonObject().put("qty", -1).put("price", 1));
    assertEquals(141, refused.json().getInteger("code"));
    assertEquals("qty must not be negative", refused.json().getString("error"));
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"Priced\" WHERE qty < 0"));
  }

  @Test
  @DisplayName("beforeDelete refuses a delete (the object stays); afterDelete is told of a delete")
  void beforeDelete() throws Exception {
    String id = client.post("/parse/classes/Priced", new JsonObject().put("qty", 1)).json().getString("objectId");
    TestFunctions.LOCKED.add(id);
    Api.Response refused = client.delete("/parse/classes/Priced/" + id);
    assertEquals(141, refused.json().getInteger("code"));
    assertEquals("this order is locked", refused.json().getString("error"));
    assertEquals(200, client.get("/parse/classes/Priced/" + id).status());
    TestFunctions.LOCKED.remove(id);
    assertEquals(200, client.delete("/parse/classes/Priced/" + id).status());
    awaitContains(TestFunctions.DELETED, id);
  }

  @Test
  @DisplayName("beforeSaveFile refuses or renames an upload before it is stored; afterSaveFile and the delete triggers follow")
  void fileTriggers() throws Exception {
    Api master = client.asMaster();
    Api.Response refused = master.postRaw("/parse/files/forbidden.txt", "secret plans", "text/plain");
    assertEquals(141, refused.json().getInteger("code"), refused.toString());
    assertEquals("no forbidden files (text/plain, 12 bytes)", refused.json().getString("error"));

    Api.Response renamed = master.postRaw("/parse/files/rename-me.txt", "hello", "text/plain");
    assertEquals(201, renamed.status(), renamed.toString());
    String name = renamed.json().getString("name");
    assertTrue(name.endsWith("_renamed.txt"), name);
    awaitContains(TestFunctions.SAVED_FILES, name + " 5 " + renamed.json().getString("url"));

    String kept = master.postRaw("/parse/files/keep.txt", "keep me", "text/plain").json().getString("name");
    Api.Response notDeleted = master.delete("/parse/files/" + kept);
    assertEquals(141, notDeleted.json().getInteger("code"));
    assertEquals("this file is kept", notDeleted.json().getString("error"));
    assertEquals(200, client.get("/parse/files/" + TestNodes.APP_ID + "/" + kept).status());
    assertEquals(200, master.delete("/parse/files/" + name).status());
    awaitContains(TestFunctions.DELETED_FILES, name);
  }

  @Test
  @DisplayName("beforeLogin refuses a banned user (no session made); afterLogin and afterLogout are told")
  void loginTriggers() throws Exception {
    for (String name : new String[] {"banned-bob", "alice-login"}) {
      assertEquals(201, client.post("/parse/users", new JsonObject().put("username", name).put("password", "pw-123456")).status());
    }
    Api.Response refused = client.post("/parse/login", new JsonObject().put("username", "banned-bob").put("password", "pw-123456"));
    assertEquals(141, refused.json().getInteger("code"), refused.toString());
    assertEquals("this account is banned", refused.json().getString("error"));
    assertEquals(1, TestDatabases.count(database, "SELECT count(*) FROM \"_Session\" s JOIN \"_User\" u"
        + " ON s.\"user\" = u.\"objectId\" WHERE u.\"username\" = 'banned-bob'"), "only the signup's session");

    JsonObject anonymous = new JsonObject().put("username", "banned-anon")
        .put("authData", new JsonObject().put("anonymous", new JsonObject().put("id", java.util.UUID.randomUUID().toString())));
    assertEquals(201, client.post("/parse/users", anonymous).status(), "a signup is no login");
    Api.Response again = client.post("/parse/users", anonymous);
    assertEquals(141, again.json().getInteger("code"), "a provider login is asked too: " + again);

    JsonObject alice = client.post("/parse/login", new JsonObject().put("username", "alice-login").put("password", "pw-123456")).json();
    String id = alice.getString("objectId");
    awaitContains(TestFunctions.LOGGED_IN, id);
    assertEquals(200, client.header("X-Parse-Session-Token", alice.getString("sessionToken")).post("/parse/logout", new JsonObject()).status());
    awaitContains(TestFunctions.LOGGED_OUT, id);
  }

  @Test
  @DisplayName("beforeFind narrows finds and gets (or refuses them), afterFind rewrites what is answered; the master key is not narrowed")
  void findTriggers() {
    Api master = client.asMaster();
    String published = master.post("/parse/classes/SecretNote", new JsonObject().put("title", "out").put("published", true)
        .put("draft", "v1")).json().getString("objectId");
    String hidden = master.post("/parse/classes/SecretNote", new JsonObject().put("title", "not yet").put("published", false))
        .json().getString("objectId");

    io.vertx.core.json.JsonArray found = client.get("/parse/classes/SecretNote").json().getJsonArray("results");
    assertEquals(1, found.size(), found.encode());
    assertEquals(published, found.getJsonObject(0).getString("objectId"));
    assertEquals("find", found.getJsonObject(0).getString("seenBy"));
    assertTrue(!found.getJsonObject(0).containsKey("draft"), "afterFind removed the draft");
    assertEquals(0, client.get("/parse/classes/SecretNote", Map.of("where", "{\"title\":\"not yet\"}")).json()
        .getJsonArray("results").size(), "the client's where is kept, and narrowed");

    JsonObject got = client.get("/parse/classes/SecretNote/" + published).json();
    assertEquals("get", got.getString("seenBy"));
    assertEquals(101, client.get("/parse/classes/SecretNote/" + hidden).json().getInteger("code"), "a get is narrowed too");

    Api.Response refused = client.get("/parse/classes/SecretNote", Map.of("limit", "80"));
    assertEquals(141, refused.json().getInteger("code"));
    assertEquals("at most 50 notes at a time", refused.json().getString("error"));
    assertEquals(2, master.get("/parse/classes/SecretNote").json().getJsonArray("results").size(), "the master key sees both");
  }

  @Test
  @DisplayName("_User triggers: beforeSave changes or refuses a signup and an update (never shown the password); afterDelete is told")
  void userTriggers() throws Exception {
    Api.Response refused = client.post("/parse/users", new JsonObject().put("username", "nick-0").put("password", "pw-123456")
        .put("nickname", " Admin "));
    assertEquals(141, refused.json().getInteger("code"), refused.toString());
    assertEquals("that nickname is reserved", refused.json().getString("error"));
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"_User\" WHERE \"username\" = 'nick-0'"));

    JsonObject created = client.post("/parse/users", new JsonObject().put("username", "nick-1").put("password", "pw-123456")
        .put("nickname", "  Ada ")).json();
    String id = created.getString("objectId");
    Api self = client.header("X-Parse-Session-Token", created.getString("sessionToken"));
    assertEquals("ada", self.get("/parse/users/me").json().getString("nickname"));
    assertEquals(200, client.post("/parse/login", new JsonObject().put("username", "nick-1").put("password", "pw-123456")).status(),
        "the password was stored as given");
    assertEquals(200, self.put("/parse/users/" + id, new JsonObject().put("nickname", "LOVELACE")).status());
    assertEquals("lovelace", self.get("/parse/users/me").json().getString("nickname"));
    assertEquals(141, self.put("/parse/users/" + id, new JsonObject().put("nickname", "admin")).json().getInteger("code"));

    assertEquals(200, self.delete("/parse/users/" + id).status());
    awaitContains(TestFunctions.DELETED, id);
  }

  @Test
  @DisplayName("_Installation triggers: beforeSave changes or refuses a device's save; afterDelete is told")
  void installationTriggers() throws Exception {
    Api.Response refused = client.post("/parse/installations", new JsonObject().put("installationId", "device-banned")
        .put("deviceType", "android").put("tag", "banned"));
    assertEquals(141, refused.json().getInteger("code"), refused.toString());
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"_Installation\" WHERE \"installationId\" = 'device-banned'"));

    String id = client.post("/parse/installations", new JsonObject().put("installationId", "device-beta")
        .put("deviceType", "android").put("tag", "beta")).json().getString("objectId");
    Api master = client.asMaster();
    assertEquals("BETA", master.get("/parse/installations/" + id).json().getString("tagUpper"));
    assertEquals(200, master.delete("/parse/installations/" + id).status());
    awaitContains(TestFunctions.DELETED, id);
  }

  private static void awaitContains(Set<String> seen, String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!seen.contains(id) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(seen.contains(id), "the trigger was told of " + id);
  }
}
