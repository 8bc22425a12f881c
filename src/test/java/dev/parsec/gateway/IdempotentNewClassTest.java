package dev.parsec.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Found by the fault matrix (scripts/faults.sh): its writers' first creates of a class not yet made, each in the
 * transaction of its X-Parse-Request-Id claim, waited 30 s for a PostgreSQL connection and failed, because making the
 * class took a second connection of the loop's pool while every one was held by such a transaction.
 */
@DisplayName("Idempotent creates that make their class and fields, several at once, on a loop with one connection")
class IdempotentNewClassTest {

  @Test
  @DisplayName("four creates with X-Parse-Request-Id of a new class (LiveQuery on: claimed in a transaction) all answer 201 at once")
  void newClassInClaimTransactions() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(Map.of("idempotency_ttl", "60", "livequery_classes", "*", "database_pool_size", "1",
        "http_instances", "1"));
    Node node = TestNodes.startReady(settings);
    try {
      List<CompletableFuture<Api.Response>> creates = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int n = i;
        // each brings a field of its own as well: the class and its columns are made while the claims are held
        creates.add(CompletableFuture.supplyAsync(() -> Api.at(node.config().port()).asMaster()
            .header("X-Parse-Request-Id", "new-class-" + n)
            .post("/parse/classes/MadeByWrites", new JsonObject().put("n", n).put("field" + n, "x"))));
      }
      for (CompletableFuture<Api.Response> create : creates) {
        // the pool's wait for a connection is 30 s: a create stuck behind it fails (500) or times out
        Api.Response answer = create.get(20, TimeUnit.SECONDS);
        assertEquals(201, answer.status(), answer.toString());
      }
      assertEquals(4, TestDatabases.count(database, "SELECT count(*) FROM \"MadeByWrites\""));
      Api.Response retry = Api.at(node.config().port()).asMaster().header("X-Parse-Request-Id", "new-class-0")
          .post("/parse/classes/MadeByWrites", new JsonObject().put("n", 0).put("field0", "x"));
      assertEquals(201, retry.status(), "a retry is answered the first answer: " + retry);
      assertEquals(4, TestDatabases.count(database, "SELECT count(*) FROM \"MadeByWrites\""), "and writes nothing");
    } finally {
      node.stop();
    }
  }
}
