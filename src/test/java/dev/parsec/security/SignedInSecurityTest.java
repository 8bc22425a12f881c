package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Signed-in users: their ACL entries, their roles (inherited) and pointer permissions decide what they see")
class SignedInSecurityTest {

  private static Node node;
  private static Api master;
  private static Api anonymous;
  private static Api ann;
  private static Api bob;
  private static String annId;
  private static String bobId;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.settings(TestDatabases.fresh()));
    anonymous = Api.at(node.config().port());
    master = anonymous.asMaster();
    JsonObject a = anonymous.post("/parse/users", new JsonObject().put("username", "ann").put("password", "ann-password")).json();
    JsonObject b = anonymous.post("/parse/users", new JsonObject().put("username", "bob").put("password", "bob-password")).json();
    annId = a.getString("objectId");
    bobId = b.getString("objectId");
    ann = anonymous.header("X-Parse-Session-Token", a.getString("sessionToken"));
    bob = anonymous.header("X-Parse-Session-Token", b.getString("sessionToken"));
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonObject readWrite(String who) {
    return new JsonObject().put(who, new JsonObject().put("read", true).put("write", true));
  }

  private static JsonObject user(String id) {
    return new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", id);
  }

  private static String create(String className, JsonObject fields) {
    Api.Response created = master.post("/parse/classes/" + className, fields);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }

  @Test
  @DisplayName("an object only Ann may read and write: Ann reads and changes it, Bob and anonymous get 101")
  void userAcl() {
    String id = create("Diary", new JsonObject().put("text", "dear diary").put("ACL", readWrite(annId)));
    assertEquals("dear diary", ann.get("/parse/classes/Diary/" + id).json().getString("text"));
    assertEquals(200, ann.put("/parse/classes/Diary/" + id, new JsonObject().put("text", "edited")).status());
    for (Api other : List.of(bob, anonymous)) {
      assertEquals(101, other.get("/parse/classes/Diary/" + id).json().getInteger("code"));
      assertEquals(101, other.put("/parse/classes/Diary/" + id, new JsonObject().put("text", "x")).json().getInteger("code"));
      assertEquals(0, other.get("/parse/classes/Diary", Map.of("count", "1")).json().getInteger("count"));
    }
  }

  @Test
  @DisplayName("a role's members, and members of its child roles, read what the role may read")
  void roleAcl() {
    String editors = master.post("/parse/roles", new JsonObject().put("name", "Editors")
        .put("users", new JsonObject().put("__op", "AddRelation").put("objects", new JsonArray().add(user(annId))))).json().getString("objectId");
    master.post("/parse/roles", new JsonObject().put("name", "Staff").put("roles", new JsonObject().put("__op", "AddRelation")
        .put("objects", new JsonArray().add(new JsonObject().put("__type", "Pointer").put("className", "_Role").put("objectId", editors)))));
    String draft = create("Draft", new JsonObject().put("title", "for editors").put("ACL",
        new JsonObject().put("role:Editors", new JsonObject().put("read", true))));
    String memo = create("Draft", new JsonObject().put("title", "for staff").put("ACL",
        new JsonObject().put("role:Staff", new JsonObject().put("read", true))));
    assertEquals("for editors", ann.get("/parse/classes/Draft/" + draft).json().getString("title"));
    assertEquals("for staff", ann.get("/parse/classes/Draft/" + memo).json().getString("title"), "Editors inherit Staff's access");
    assertEquals(101, bob.get("/parse/classes/Draft/" + draft).json().getInteger("code"));
    assertEquals(2, ann.get("/parse/classes/Draft", Map.of("count", "1")).json().getInteger("count"));
    assertEquals(0, bob.get("/parse/classes/Draft", Map.of("count", "1")).json().getInteger("count"));
  }

  @Test
  @DisplayName("requiresAuthentication lets any signed-in user through and nobody else")
  void requiresAuthentication() {
    create("Lounge", new JsonObject().put("seat", 1));
    JsonObject signedInOnly = new JsonObject().put("requiresAuthentication", true);
    master.put("/parse/schemas/Lounge", new JsonObject().put("classLevelPermissions", new JsonObject()
        .put("find", signedInOnly).put("get", signedInOnly).put("count", signedInOnly).put("create", signedInOnly)
        .put("update", signedInOnly).put("delete", signedInOnly).put("addField", signedInOnly)));
    assertEquals(1, bob.get("/parse/classes/Lounge").json().getJsonArray("results").size());
    assertEquals(101, anonymous.get("/parse/classes/Lounge").json().getInteger("code"));
  }

  @Test
  @DisplayName("pointer permissions: a user finds, reads and writes only the objects whose owner field points to it")
  void pointerPermissions() {
    String annsDoc = create("Doc", new JsonObject().put("title", "ann's").put("owner", user(annId)));
    create("Doc", new JsonObject().put("title", "bob's").put("owner", user(bobId)));
    JsonObject none = new JsonObject();
    master.put("/parse/schemas/Doc", new JsonObject().put("classLevelPermissions", new JsonObject()
        .put("find", none).put("get", none).put("count", none).put("create", new JsonObject().put("*", true))
        .put("update", none).put("delete", none).put("addField", none)
        .put("readUserFields", new JsonArray().add("owner")).put("writeUserFields", new JsonArray().add("owner"))));
    JsonArray annSees = ann.get("/parse/classes/Doc").json().getJsonArray("results");
    assertEquals(1, annSees.size());
    assertEquals("ann's", annSees.getJsonObject(0).getString("title"));
    assertEquals(101, bob.get("/parse/classes/Doc/" + annsDoc).json().getInteger("code"));
    assertEquals(101, bob.put("/parse/classes/Doc/" + annsDoc, new JsonObject().put("title", "mine now")).json().getInteger("code"));
    assertEquals(200, ann.put("/parse/classes/Doc/" + annsDoc, new JsonObject().put("title", "still ann's")).status());
    assertEquals(101, anonymous.get("/parse/classes/Doc").json().getInteger("code"));
  }
}
