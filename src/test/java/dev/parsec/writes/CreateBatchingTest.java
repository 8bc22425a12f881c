package dev.parsec.writes;

import dev.parsec.config.DatabaseUrl;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Creates made at once share a commit, and each is still answered on its own")
class CreateBatchingTest {

  private static Node node;
  private static DatabaseUrl database;
  private static Api master;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("allow_custom_object_id", "true");
    node = TestNodes.start(settings);
    master = Api.at(node.config().port()).asMaster();
    assertEquals(201, master.post("/parse/classes/Tally", new JsonObject().put("objectId", "taken00001").put("note", "seed")).status());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonObject create(JsonObject body) {
    return new JsonObject().put("method", "POST").put("path", "/parse/classes/Tally").put("body", body);
  }

  private static JsonArray batch(JsonArray requests) {
    Api.Response r = master.post("/parse/batch", new JsonObject().put("requests", requests));
    assertEquals(200, r.status(), r.text());
    return r.jsonArray();
  }

  private static long rows(String where) {
    return TestDatabases.count(database, "SELECT count(*) FROM \"Tally\" WHERE " + where);
  }

  @Test
  @DisplayName("twenty creates made at once are all stored, in fewer transactions than rows")
  void concurrentCreatesShareTransactions() {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < 20; i++) {
      requests.add(create(new JsonObject().put("note", "together").put("n", i)));
    }
    JsonArray answers = batch(requests);
    for (int i = 0; i < 20; i++) {
      assertTrue(answers.getJsonObject(i).containsKey("success"), answers.encode());
    }
    assertEquals(20, rows("note = 'together'"));
    // rows written by one transaction carry its id in xmin
    long transactions = TestDatabases.count(database, "SELECT count(DISTINCT xmin::text) FROM \"Tally\" WHERE note = 'together'");
    assertTrue(transactions <= 10, transactions + " transactions for 20 rows");
  }

  @Test
  @DisplayName("a row PostgreSQL refuses fails alone: the creates made with it are stored and answered")
  void refusedRowFailsAlone() {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < 6; i++) {
      JsonObject body = new JsonObject().put("note", "beside").put("n", i);
      requests.add(create(i == 2 ? body.put("objectId", "taken00001") : body));
    }
    requests.add(create(new JsonObject().put("note", "twice").put("objectId", "twice00001")));
    requests.add(create(new JsonObject().put("note", "twice").put("objectId", "twice00001")));
    JsonArray answers = batch(requests);

    assertEquals(137, answers.getJsonObject(2).getJsonObject("error").getInteger("code"), answers.encode());
    for (int i : new int[] {0, 1, 3, 4, 5}) {
      assertTrue(answers.getJsonObject(i).containsKey("success"), answers.encode());
    }
    assertEquals(5, rows("note = 'beside'"));
    assertEquals("seed", master.get("/parse/classes/Tally/taken00001").json().getString("note"));

    int stored = 0;
    for (int i : new int[] {6, 7}) {
      JsonObject answer = answers.getJsonObject(i);
      if (answer.containsKey("success")) {
        stored++;
      } else {
        assertEquals(137, answer.getJsonObject("error").getInteger("code"), answers.encode());
      }
    }
    assertEquals(1, stored, answers.encode());
    assertEquals(1, rows("note = 'twice'"));
  }
}
