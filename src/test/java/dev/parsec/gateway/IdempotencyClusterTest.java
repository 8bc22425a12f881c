package dev.parsec.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.TestDatabases;
import dev.parsec.cloud.TestFunctions;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Idempotent retries across nodes: one request id, one write, the first answer replayed")
class IdempotencyClusterTest {

  private static DatabaseUrl database;
  private static Node a;
  private static Node b;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    List<Node> nodes = TestNodes.startPair(database, Map.of("idempotency_ttl", "3", "allow_client_class_creation", "true"));
    a = nodes.get(0);
    b = nodes.get(1);
  }

  @AfterAll
  static void stop() {
    b.stop();
    a.stop();
  }

  private static Api on(Node node, String requestId) {
    return Api.at(node.config().port()).header("X-Parse-Request-Id", requestId);
  }

  @Test
  @DisplayName("a retry on the other node gets the first answer, counted as a replay, and one object exists; after the TTL the id is free again")
  void retryOnOtherNode() throws Exception {
    JsonObject order = new JsonObject().put("item", "book").put("qty", 1);
    double replayed = replays(b);
    Api.Response first = on(a, "order-1").post("/parse/classes/Order", order);
    Api.Response retry = on(b, "order-1").post("/parse/classes/Order", order);
    assertEquals(201, first.status(), first.text());
    assertEquals(201, retry.status(), retry.text());
    assertEquals(first.json(), retry.json(), "the same answer, replayed");
    assertEquals(first.location(), retry.location());
    assertEquals(1, TestDatabases.count(database, "SELECT count(*) FROM \"Order\" WHERE item = 'book'"));

    Api.Response other = on(b, "order-1").post("/parse/classes/Order", order.copy().put("qty", 2));
    assertEquals(422, other.status(), other.text());
    assertEquals(159, other.json().getInteger("code"));
    assertEquals(1, replays(b) - replayed, "the replay counted on /metrics of the node that answered it; the 422 is not one");

    Thread.sleep(3_500);
    assertEquals(201, on(b, "order-1").post("/parse/classes/Order", order).status());
    assertEquals(2, TestDatabases.count(database, "SELECT count(*) FROM \"Order\" WHERE item = 'book'"));
  }

  @Test
  @DisplayName("the same request sent to both nodes at once writes once; every answer is that write's or 409")
  void concurrentRetries() {
    JsonObject order = new JsonObject().put("item", "pen");
    Set<String> ids = sentAtOnce(node -> on(node, "order-2").post("/parse/classes/Order", order), 201, "objectId");
    assertEquals(1, ids.size(), "every 201 names the one object: " + ids);
    assertEquals(1, TestDatabases.count(database, "SELECT count(*) FROM \"Order\" WHERE item = 'pen'"));
  }

  /**
   * Sends one call eight times at once, alternating between the nodes; each answer must be the
   * success status or 409 (in flight). Answers the values of a field in the successful answers.
   */
  private static Set<String> sentAtOnce(java.util.function.Function<Node, Api.Response> call, int success, String field) {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Api.Response>> sent = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Node node = i % 2 == 0 ? a : b;
        sent.add(CompletableFuture.supplyAsync(() -> call.apply(node), threads));
      }
      Set<String> values = new HashSet<>();
      for (CompletableFuture<Api.Response> answer : sent) {
        Api.Response response = answer.join();
        assertTrue(response.status() == success || response.status() == 409, response.text());
        if (response.status() == success) {
          values.add(response.json().getString(field));
        }
      }
      return values;
    } finally {
      threads.shutdown();
    }
  }

  @Test
  @DisplayName("a retried update gets the first answer (same updatedAt); a retried delete answers 200, not 101")
  void retriedUpdateAndDelete() throws Exception {
    String id = Api.at(a.config().port()).post("/parse/classes/Order", new JsonObject().put("item", "mug")).json().getString("objectId");
    JsonObject change = new JsonObject().put("item", "big mug");
    Api.Response first = on(a, "update-1").put("/parse/classes/Order/" + id, change);
    Thread.sleep(20);
    Api.Response retry = on(b, "update-1").put("/parse/classes/Order/" + id, change);
    assertEquals(200, first.status(), first.text());
    assertEquals(first.json(), retry.json(), "the first answer, replayed");
    assertEquals(first.json().getString("updatedAt"),
        Api.at(b.config().port()).get("/parse/classes/Order/" + id).json().getString("updatedAt"), "written once");

    Api.Response deleted = on(b, "delete-1").delete("/parse/classes/Order/" + id);
    Api.Response again = on(a, "delete-1").delete("/parse/classes/Order/" + id);
    assertEquals(200, deleted.status(), deleted.text());
    assertEquals(200, again.status(), "the retry is answered as the delete was: " + again.text());
    assertEquals(404, Api.at(a.config().port()).get("/parse/classes/Order/" + id).status());
    assertEquals(101, Api.at(a.config().port()).delete("/parse/classes/Order/" + id).json().getInteger("code"),
        "without the request id, the object is gone");
  }

  @Test
  @DisplayName("a class with a beforeSave trigger: the retry is replayed without running its triggers again")
  void retryOfATriggeredSave() {
    JsonObject order = new JsonObject().put("qty", 2).put("price", 1.5).put("tag", "priced-1");
    double replayed = replays(b);
    Api.Response first = on(a, "priced-1").post("/parse/classes/Priced", order);
    Api.Response retry = on(b, "priced-1").post("/parse/classes/Priced", order);
    assertEquals(201, first.status(), first.text());
    assertEquals(first.json(), retry.json(), "the same answer, replayed");
    assertEquals(1, replays(b) - replayed, "the replay (claimed in a transaction) counted on /metrics");
    String id = first.json().getString("objectId");
    assertEquals(1, TestFunctions.SAVES.get("priced-1").get(), "beforeSave was asked once");
    assertEquals(3.0, Api.at(a.config().port()).get("/parse/classes/Priced/" + id).json().getDouble("total"),
        "the beforeSave trigger's change was saved");
  }

  @Test
  @DisplayName("the same update sent to both nodes at once is applied once: every answer carries one updatedAt")
  void concurrentUpdates() {
    String id = Api.at(a.config().port()).post("/parse/classes/Order", new JsonObject().put("item", "lamp")).json().getString("objectId");
    JsonObject change = new JsonObject().put("item", "desk lamp");
    Set<String> stamps = sentAtOnce(node -> on(node, "update-2").put("/parse/classes/Order/" + id, change), 200, "updatedAt");
    assertEquals(1, stamps.size(), "every 200 is the one update's answer: " + stamps);
    assertEquals(stamps.iterator().next(), Api.at(a.config().port()).get("/parse/classes/Order/" + id).json().getString("updatedAt"));
  }

  @Test
  @DisplayName("a batch, transactional or not, is applied once; its retry gets the first answer")
  void batches() {
    for (boolean transactional : new boolean[] {false, true}) {
      String item = "batch-" + transactional;
      io.vertx.core.json.JsonArray requests = new io.vertx.core.json.JsonArray();
      for (int i = 0; i < 3; i++) {
        requests.add(new JsonObject().put("method", "POST").put("path", "/parse/classes/Order")
            .put("body", new JsonObject().put("item", item).put("n", i)));
      }
      JsonObject batch = new JsonObject().put("requests", requests).put("transaction", transactional);
      Api.Response first = on(a, "batch-" + transactional).post("/parse/batch", batch);
      Api.Response retry = on(b, "batch-" + transactional).post("/parse/batch", batch);
      assertEquals(200, first.status(), first.text());
      assertEquals(first.text(), retry.text());
      assertEquals(3, TestDatabases.count(database, "SELECT count(*) FROM \"Order\" WHERE item = '" + item + "'"));
    }
  }

  @Test
  @DisplayName("a call that fails writes nothing and frees its id; updates are applied once too")
  void failuresAndUpdates() {
    Api.Response failed = on(a, "order-3").post("/parse/classes/Order", new JsonObject().put("bad field!", 1));
    assertEquals(400, failed.status(), failed.text());
    Api.Response then = on(b, "order-3").post("/parse/classes/Order", new JsonObject().put("item", "cup"));
    assertEquals(201, then.status(), "the failed call did not hold the id: " + then.text());

    String id = then.json().getString("objectId");
    JsonObject increment = new JsonObject().put("qty", new JsonObject().put("__op", "Increment").put("amount", 5));
    for (Node node : new Node[] {a, b, a}) {
      assertEquals(200, on(node, "order-4").put("/parse/classes/Order/" + id, increment).status());
    }
    assertEquals(5, Api.at(a.config().port()).get("/parse/classes/Order/" + id).json().getInteger("qty"),
        "three deliveries of one increment add 5 once");
  }

  private static double replays(Node node) {
    return Metrics.sum(node, "parsec_idempotency_replays_total");
  }
}
