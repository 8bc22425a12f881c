package dev.parsec.batch;

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

@DisplayName("/batch: many calls in one request, all-or-nothing when asked")
class BatchApiTest {

  private static Node node;
  private static DatabaseUrl database;
  private static Api master;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("batch_limit", "5");
    node = TestNodes.start(settings);
    master = Api.at(node.config().port()).asMaster();
    assertEquals(201, master.post("/parse/classes/Ledger", new JsonObject().put("amount", 0).put("note", "seed")).status());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonObject sub(String method, String path, JsonObject body) {
    JsonObject request = new JsonObject().put("method", method).put("path", "/parse" + path);
    return body == null ? request : request.put("body", body);
  }

  private static long rows(String where) {
    return TestDatabases.count(database, "SELECT count(*) FROM \"Ledger\" WHERE " + where);
  }

  @Test
  @DisplayName("without a transaction each call succeeds or fails on its own, answered in order")
  void independentCalls() {
    Api.Response r = master.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(sub("POST", "/classes/Ledger", new JsonObject().put("amount", 1).put("note", "independent")))
        .add(sub("POST", "/classes/Ledger", new JsonObject().put("amount", "not a number").put("note", "independent")))
        .add(sub("POST", "/classes/Ledger", new JsonObject().put("amount", 3).put("note", "independent")))));
    assertEquals(200, r.status(), r.text());
    JsonArray answers = new JsonArray(r.text());
    assertEquals(3, answers.size());
    assertTrue(answers.getJsonObject(0).getJsonObject("success").getString("objectId").matches("[A-Za-z0-9]{10}"));
    assertEquals(111, answers.getJsonObject(1).getJsonObject("error").getInteger("code"));
    assertTrue(answers.getJsonObject(2).containsKey("success"));
    assertEquals(2, rows("note = 'independent'"));
  }

  @Test
  @DisplayName("with transaction: true one failing call undoes the others, and the error is answered")
  void transactionIsAllOrNothing() {
    Api.Response r = master.post("/parse/batch", new JsonObject().put("transaction", true).put("requests", new JsonArray()
        .add(sub("POST", "/classes/Ledger", new JsonObject().put("amount", 1).put("note", "tx-fail")))
        .add(sub("POST", "/classes/Ledger", new JsonObject().put("amount", 2).put("note", "tx-fail").put("fresh", "new field")))
        .add(sub("PUT", "/classes/Ledger/doesNotExist", new JsonObject().put("amount", 3)))));
    assertEquals(404, r.status(), r.text());
    assertEquals(101, r.json().getInteger("code"));
    assertEquals(0, rows("note = 'tx-fail'"), "nothing of the batch was written");
  }

  @Test
  @DisplayName("with transaction: true creates, updates and deletes apply together")
  void transactionCommits() {
    String id = master.post("/parse/classes/Ledger", new JsonObject().put("amount", 10).put("note", "tx-ok")).json().getString("objectId");
    String doomed = master.post("/parse/classes/Ledger", new JsonObject().put("amount", 1).put("note", "tx-ok")).json().getString("objectId");
    Api.Response r = master.post("/parse/batch", new JsonObject().put("transaction", true).put("requests", new JsonArray()
        .add(sub("POST", "/classes/Ledger", new JsonObject().put("amount", 5).put("note", "tx-ok").put("memo", "added in a batch")))
        .add(sub("PUT", "/classes/Ledger/" + id, new JsonObject().put("amount", new JsonObject().put("__op", "Increment").put("amount", 5))))
        .add(sub("DELETE", "/classes/Ledger/" + doomed, null))
        .add(sub("GET", "/classes/Ledger/" + id, null))));
    assertEquals(200, r.status(), r.text());
    JsonArray answers = new JsonArray(r.text());
    assertEquals(15, answers.getJsonObject(1).getJsonObject("success").getInteger("amount"));
    assertEquals(15, answers.getJsonObject(3).getJsonObject("success").getInteger("amount"), "a read in the transaction sees its writes");
    assertEquals(2, rows("note = 'tx-ok'"));
    assertEquals(1, rows("memo = 'added in a batch'"));
  }

  @Test
  @DisplayName("a batch over the limit, a nested batch or an unknown path is refused whole with code 107")
  void refusedBatches() {
    JsonArray six = new JsonArray();
    for (int i = 0; i < 6; i++) {
      six.add(sub("POST", "/classes/Ledger", new JsonObject().put("amount", i).put("note", "too-many")));
    }
    JsonArray nested = new JsonArray().add(sub("POST", "/classes/Ledger", new JsonObject().put("note", "nested")))
        .add(sub("POST", "/batch", new JsonObject().put("requests", new JsonArray())));
    JsonArray unknown = new JsonArray().add(sub("POST", "/classes/Ledger", new JsonObject().put("note", "unknown")))
        .add(new JsonObject().put("method", "GET").put("path", "/elsewhere/classes/Ledger"));
    for (JsonArray requests : new JsonArray[] {six, nested, unknown}) {
      Api.Response r = master.post("/parse/batch", new JsonObject().put("requests", requests));
      assertEquals(400, r.status(), r.text());
      assertEquals(107, r.json().getInteger("code"));
    }
    assertEquals(0, rows("note IN ('too-many', 'nested', 'unknown')"));
    assertEquals(107, master.post("/parse/batch", new JsonObject().put("requests", "nope")).json().getInteger("code"));
  }
}
