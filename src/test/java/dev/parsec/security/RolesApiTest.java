package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/roles: named, unique roles with Parse's rules")
class RolesApiTest {

  private static Node node;
  private static Api master;

  @BeforeAll
  static void start() {
    node = TestNodes.start(TestNodes.settings(TestDatabases.fresh()));
    master = Api.at(node.config().port()).asMaster();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonObject publicRead() {
    return new JsonObject().put("*", new JsonObject().put("read", true));
  }

  @Test
  @DisplayName("a role is created, read through /roles and /classes/_Role, and found by name")
  void createAndRead() {
    Api.Response created = master.post("/parse/roles", new JsonObject().put("name", "Moderators").put("ACL", publicRead()));
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    assertEquals("Moderators", master.get("/parse/roles/" + id).json().getString("name"));
    assertEquals("Moderators", master.get("/parse/classes/_Role/" + id).json().getString("name"));
    JsonArray found = master.get("/parse/roles", Map.of("where", "{\"name\":\"Moderators\"}")).json().getJsonArray("results");
    assertEquals(1, found.size());
    assertEquals(new JsonObject().put("__type", "Relation").put("className", "_User"), found.getJsonObject(0).getJsonObject("users"));
  }

  @Test
  @DisplayName("a missing or malformed name, a taken name or a rename is refused, and nothing is written")
  void badRolesAreRefused() {
    assertEquals(139, master.post("/parse/roles", new JsonObject().put("ACL", publicRead())).json().getInteger("code"));
    assertEquals(139, master.post("/parse/roles", new JsonObject().put("name", "bad/name")).json().getInteger("code"));
    String id = master.post("/parse/roles", new JsonObject().put("name", "Editors")).json().getString("objectId");
    Api.Response taken = master.post("/parse/classes/_Role", new JsonObject().put("name", "Editors"));
    assertEquals(400, taken.status(), taken.text());
    assertEquals(137, taken.json().getInteger("code"));
    Api.Response rename = master.put("/parse/roles/" + id, new JsonObject().put("name", "Writers"));
    assertEquals(139, rename.json().getInteger("code"));
    assertEquals("Editors", master.get("/parse/roles/" + id).json().getString("name"));
    assertEquals(1, master.get("/parse/roles", Map.of("where", "{\"name\":{\"$in\":[\"Editors\",\"Writers\",\"bad/name\"]}}", "count", "1"))
        .json().getInteger("count"));
  }
}
