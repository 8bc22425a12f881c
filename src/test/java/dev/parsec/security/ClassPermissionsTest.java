package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Class-level permissions decide who may find, get, count, create, update, delete and add fields")
class ClassPermissionsTest {

  private static Node node;
  private static Api anonymous;
  private static Api master;
  private static String id;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.settings(TestDatabases.fresh()));
    anonymous = Api.at(node.config().port());
    master = anonymous.asMaster();
    id = master.post("/parse/classes/Locked", new JsonObject().put("n", 1)).json().getString("objectId");
    master.post("/parse/classes/Members", new JsonObject().put("n", 1));
    JsonObject everyone = new JsonObject().put("*", true);
    JsonObject nobody = new JsonObject();
    Api.Response set = master.put("/parse/schemas/Locked", new JsonObject().put("classLevelPermissions", new JsonObject()
        .put("find", nobody).put("count", nobody).put("get", everyone).put("create", everyone)
        .put("update", nobody).put("delete", nobody).put("addField", nobody)));
    assertEquals(200, set.status(), set.text());
    Api.Response members = master.put("/parse/schemas/Members", new JsonObject().put("classLevelPermissions", new JsonObject()
        .put("find", new JsonObject().put("requiresAuthentication", true)).put("get", everyone).put("count", everyone)
        .put("create", everyone).put("update", everyone).put("delete", everyone).put("addField", everyone)));
    assertEquals(200, members.status(), members.text());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static void forbidden(Api.Response response) {
    assertEquals(400, response.status(), response.text());
    assertEquals(119, response.json().getInteger("code"), response.text());
  }

  @Test
  @DisplayName("what the permissions refuse is refused with 119 and changes nothing; what they allow works")
  void operationsFollowPermissions() {
    forbidden(anonymous.get("/parse/classes/Locked"));
    forbidden(anonymous.get("/parse/classes/Locked", Map.of("count", "1", "limit", "0")));
    assertEquals(200, anonymous.get("/parse/classes/Locked/" + id).status());
    assertEquals(201, anonymous.post("/parse/classes/Locked", new JsonObject().put("n", 2)).status());
    forbidden(anonymous.post("/parse/classes/Locked", new JsonObject().put("n", 3).put("brandNew", true)));
    forbidden(anonymous.put("/parse/classes/Locked/" + id, new JsonObject().put("n", 9)));
    forbidden(anonymous.delete("/parse/classes/Locked/" + id));
    assertEquals(1, master.get("/parse/classes/Locked/" + id).json().getInteger("n"));
    assertEquals(2, master.get("/parse/classes/Locked", Map.of("count", "1", "limit", "0")).json().getInteger("count"));
    assertEquals(200, master.put("/parse/classes/Locked/" + id, new JsonObject().put("n", 5)).status(), "the master key is never refused");
  }

  @Test
  @DisplayName("protectedFields hide fields from everyone but the master key, on get, find and include")
  void protectedFieldsAreHidden() {
    String profile = master.post("/parse/classes/Profile", new JsonObject().put("name", "ann").put("email", "ann@example.com"))
        .json().getString("objectId");
    master.post("/parse/classes/Card", new JsonObject().put("owner",
        new JsonObject().put("__type", "Pointer").put("className", "Profile").put("objectId", profile)));
    JsonObject everyone = new JsonObject().put("*", true);
    Api.Response set = master.put("/parse/schemas/Profile", new JsonObject().put("classLevelPermissions", new JsonObject()
        .put("find", everyone).put("get", everyone).put("count", everyone).put("create", everyone).put("update", everyone)
        .put("delete", everyone).put("addField", everyone)
        .put("protectedFields", new JsonObject().put("*", new io.vertx.core.json.JsonArray().add("email")))));
    assertEquals(200, set.status(), set.text());
    JsonObject got = anonymous.get("/parse/classes/Profile/" + profile).json();
    assertEquals("ann", got.getString("name"));
    assertEquals(null, got.getValue("email"));
    assertEquals(null, anonymous.get("/parse/classes/Profile").json().getJsonArray("results").getJsonObject(0).getValue("email"));
    JsonObject owner = anonymous.get("/parse/classes/Card", Map.of("include", "owner")).json().getJsonArray("results")
        .getJsonObject(0).getJsonObject("owner");
    assertEquals("ann", owner.getString("name"));
    assertEquals(null, owner.getValue("email"));
    assertEquals("ann@example.com", master.get("/parse/classes/Profile/" + profile).json().getString("email"));

    // Matching on a hidden field would reveal it one guess at a time: refused, even inside $or.
    for (String where : new String[] {"{\"email\":\"ann@example.com\"}",
        "{\"$or\":[{\"name\":\"x\"},{\"email\":{\"$regex\":\"^a\"}}]}"}) {
      Api.Response probe = anonymous.get("/parse/classes/Profile", Map.of("where", where));
      assertEquals(400, probe.status(), probe.text());
      assertEquals(119, probe.json().getInteger("code"));
      assertEquals(1, master.get("/parse/classes/Profile", Map.of("where", where)).json().getJsonArray("results").size());
    }
    assertEquals(1, anonymous.get("/parse/classes/Profile", Map.of("where", "{\"name\":\"ann\"}")).json()
        .getJsonArray("results").size());
  }

  @Test
  @DisplayName("requiresAuthentication refuses an anonymous caller with 101")
  void requiresAuthentication() {
    Api.Response refused = anonymous.get("/parse/classes/Members");
    assertEquals(404, refused.status(), refused.text());
    assertEquals(101, refused.json().getInteger("code"));
    assertEquals(200, master.get("/parse/classes/Members").status());
  }
}
