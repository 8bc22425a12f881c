package dev.parsec.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/**
 * Fields' required and defaultValue options (set by /schemas, as Parse Dashboard's "Add a new column" does)
 * apply to saves as in Parse Server: defaults fill a create's missing fields and are answered with it; a
 * required field left empty is 142.
 */
@DisplayName("required fields and default values apply to saves")
class FieldOptionsTest {

  private static Node node;
  private static Api master;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("idempotency_ttl", "60");
    node = TestNodes.startReady(settings);
    master = Api.at(node.config().port()).asMaster();
    Api.Response created = master.post("/parse/schemas/Options", new JsonObject().put("fields", new JsonObject()
        .put("title", new JsonObject().put("type", "String").put("required", true))
        .put("score", new JsonObject().put("type", "Number").put("defaultValue", 5))
        .put("label", new JsonObject().put("type", "String").put("required", true).put("defaultValue", "none"))));
    assertEquals(200, created.status(), created.toString());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("a create gets the defaults of the fields it leaves out, answered and stored")
  void defaultsFillACreate() {
    Api.Response created = master.post("/parse/classes/Options", new JsonObject().put("title", "a"));
    assertEquals(201, created.status(), created.toString());
    assertEquals(5, created.json().getInteger("score"));
    assertEquals("none", created.json().getString("label"));
    JsonObject stored = master.get("/parse/classes/Options/" + created.json().getString("objectId")).json();
    assertEquals(5, stored.getInteger("score"));
    assertEquals("none", stored.getString("label"));

    Api.Response given = master.post("/parse/classes/Options", new JsonObject().put("title", "b").put("score", 7));
    assertEquals(7, master.get("/parse/classes/Options/" + given.json().getString("objectId")).json().getInteger("score"));
    assertFalse(given.json().containsKey("score"), "a field given is not answered: " + given);
  }

  @Test
  @DisplayName("an idempotent create answers its defaults too")
  void idempotentCreatesAnswerDefaults() {
    Api retried = master.header("X-Parse-Request-Id", "options-create-1");
    Api.Response first = retried.post("/parse/classes/Options", new JsonObject().put("title", "c"));
    Api.Response again = retried.post("/parse/classes/Options", new JsonObject().put("title", "c"));
    assertEquals(201, first.status(), first.toString());
    assertEquals(5, first.json().getInteger("score"));
    assertEquals(first.json(), again.json());
  }

  @Test
  @DisplayName("a required field with no value is 142 on create, and set empty on update")
  void requiredFields() {
    Api.Response missing = master.post("/parse/classes/Options", new JsonObject());
    assertEquals(142, missing.json().getInteger("code"), missing.toString());
    assertEquals("title is required", missing.json().getString("error"));
    Api.Response blank = master.post("/parse/classes/Options", new JsonObject().put("title", ""));
    assertEquals(142, blank.json().getInteger("code"), blank.toString());
    Api.Response nulled = master.post("/parse/classes/Options", new JsonObject().put("title", "d").putNull("label"));
    assertEquals(142, nulled.json().getInteger("code"), "null is not left out: the default does not apply");

    String id = master.post("/parse/classes/Options", new JsonObject().put("title", "e")).json().getString("objectId");
    assertEquals(200, master.put("/parse/classes/Options/" + id, new JsonObject().put("score", 1)).status());
    Api.Response cleared = master.put("/parse/classes/Options/" + id,
        new JsonObject().put("title", new JsonObject().put("__op", "Delete")));
    assertEquals(142, cleared.json().getInteger("code"), cleared.toString());
    assertEquals("e", master.get("/parse/classes/Options/" + id).json().getString("title"));
  }
}
