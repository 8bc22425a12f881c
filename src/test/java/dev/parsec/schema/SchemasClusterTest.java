package dev.parsec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Api.Response;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes on one database: a schema changed through one node is what the other node's
 * very next request works with, because every node drops its cached copy when the change commits.
 * Each scenario runs several times, since a stale cache would show only when it wins a race.
 */
@DisplayName("A schema changed through /schemas on one node is seen by the other node's next request")
class SchemasClusterTest {

  private static final int ROUNDS = 15;

  private static Node nodeA;
  private static Node nodeB;
  private static Api a;
  private static Api b;

  @BeforeAll
  static void startTwoNodes() {
    DatabaseUrl database = TestDatabases.fresh();
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(database);
    cluster.forEach(settings -> settings.put("roles", "api"));
    nodeA = TestNodes.start(cluster.get(0));
    nodeB = TestNodes.start(cluster.get(1));
    a = Api.at(nodeA.config().port()).asMaster();
    b = Api.at(nodeB.config().port()).asMaster();
    assertEquals(200, a.awaitReady().status());
    assertEquals(200, b.awaitReady().status());
  }

  @AfterAll
  static void stopNodes() {
    nodeB.stop();
    nodeA.stop();
  }

  private static String createOn(Api node, String className, JsonObject fields) {
    Response created = node.post("/parse/classes/" + className, fields);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }

  /** Reads through B so that B holds the class's schema in its cache. */
  private static void warm(String className, String objectId) {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, b.get("/parse/classes/" + className + "/" + objectId).status());
    }
  }

  @Test
  @DisplayName("a field deleted on A is gone for B's next write, which adds it afresh")
  void deletedFieldIsGoneOnTheOtherNode() {
    for (int round = 0; round < ROUNDS; round++) {
      String className = "Trimmed" + round;
      String id = createOn(b, className, new JsonObject().put("score", 5).put("label", "x"));
      warm(className, id);
      Response deleted = a.put("/parse/schemas/" + className, new JsonObject().put("fields",
          new JsonObject().put("score", new JsonObject().put("__op", "Delete"))));
      assertEquals(200, deleted.status(), deleted.text());

      // with B's stale copy the write would go to a column that no longer exists
      Response written = b.put("/parse/classes/" + className + "/" + id, new JsonObject().put("score", 6));
      assertEquals(200, written.status(), "round " + round + ": " + written.text());
      assertEquals(6, b.get("/parse/classes/" + className + "/" + id).json().getInteger("score"));
    }
  }

  @Test
  @DisplayName("a class dropped on A is created afresh by B's next write")
  void droppedClassIsRecreatedByTheOtherNode() {
    for (int round = 0; round < ROUNDS; round++) {
      String className = "Dropped" + round;
      String id = createOn(b, className, new JsonObject().put("n", 1));
      warm(className, id);
      assertEquals(200, b.delete("/parse/classes/" + className + "/" + id).status());
      Response dropped = a.delete("/parse/schemas/" + className);
      assertEquals(200, dropped.status(), dropped.text());

      // with B's stale copy the write would go to a table that no longer exists
      Response created = b.post("/parse/classes/" + className, new JsonObject().put("n", 2));
      assertEquals(201, created.status(), "round " + round + ": " + created.text());
      assertEquals(1, b.get("/parse/classes/" + className, Map.of("count", "1")).json().getInteger("count"));
    }
  }

  @Test
  @DisplayName("a field deleted on A can at once be written with another type through B, and read back")
  void deletedFieldCanComeBackWithAnotherType() {
    String id = createOn(b, "Retyped", new JsonObject().put("score", 5));
    warm("Retyped", id);
    assertEquals(200, a.put("/parse/schemas/Retyped", new JsonObject().put("fields",
        new JsonObject().put("score", new JsonObject().put("__op", "Delete")))).status());
    assertEquals(200, b.put("/parse/classes/Retyped/" + id, new JsonObject().put("score", "high")).status());
    assertEquals("high", b.get("/parse/classes/Retyped/" + id).json().getString("score"));
    assertEquals(201, b.post("/parse/classes/Retyped", new JsonObject().put("score", "low")).status());
  }

  @Test
  @DisplayName("a field added on A is returned by B's next read and typed for B's next write")
  void addedFieldIsSeenByTheOtherNode() {
    for (int round = 0; round < ROUNDS; round++) {
      String className = "Grown" + round;
      String id = createOn(b, className, new JsonObject().put("n", 1));
      warm(className, id);
      Response added = a.put("/parse/schemas/" + className, new JsonObject().put("fields",
          new JsonObject().put("label", new JsonObject().put("type", "String"))));
      assertEquals(200, added.status(), added.text());
      assertEquals(200, a.put("/parse/classes/" + className + "/" + id, new JsonObject().put("label", "set on A")).status());

      assertEquals("set on A", b.get("/parse/classes/" + className + "/" + id).json().getString("label"), "round " + round);
      Response mistyped = b.put("/parse/classes/" + className + "/" + id, new JsonObject().put("label", 5));
      assertEquals(111, mistyped.json().getInteger("code"), mistyped.text());
    }
  }
}
