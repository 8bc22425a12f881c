package dev.parsec.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Probe of the login storm's admission with idempotency on (the JS SDK with Parse.idempotency sends X-Parse-Request-Id
 * on every POST, logins too): a login was claimed in a transaction and checked its password inside it, so it first
 * waited for one of the loop's transaction slots, however long, before password_hash_timeout began to count, and held
 * the slot and a connection (idle in transaction) while it hashed.
 */
@DisplayName("Idempotency probe: a login with X-Parse-Request-Id does not wait for a transaction slot")
class IdempotentLoginProbeTest {

  @Test
  @DisplayName("the loop's only transaction slot is held by a batch waiting on a row lock; a login with a request id is answered meanwhile")
  void loginNotBehindTransactions() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(Map.of("idempotency_ttl", "60", "database_pool_size", "1", "http_instances", "1"));
    Node node = TestNodes.startReady(settings);
    try {
      Api api = Api.at(node.config().port());
      Api master = Api.at(node.config().port()).asMaster();
      assertEquals(201, api.post("/parse/users", new JsonObject().put("username", "bo").put("password", "secret-pass-2")).status());
      String id = master.post("/parse/classes/Held", new JsonObject().put("n", 0)).json().getString("objectId");
      try (Connection lock = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        lock.setAutoCommit(false);
        lock.createStatement().execute("SELECT * FROM \"Held\" WHERE \"objectId\" = '" + id + "' FOR UPDATE");
        CompletableFuture<Api.Response> batch = CompletableFuture.supplyAsync(() -> master.header("X-Parse-Request-Id", "held-batch")
            .post("/parse/batch", new JsonObject().put("transaction", true).put("requests", new JsonArray().add(new JsonObject()
                .put("method", "PUT").put("path", "/parse/classes/Held/" + id).put("body", new JsonObject().put("n", 1))))));
        Thread.sleep(1_000);
        CompletableFuture<Api.Response> login = CompletableFuture.supplyAsync(() -> api.header("X-Parse-Request-Id", "login-1")
            .post("/parse/login", new JsonObject().put("username", "bo").put("password", "secret-pass-2")));
        try {
          Api.Response answer = login.get(10, TimeUnit.SECONDS);
          assertEquals(200, answer.status(), answer.toString());
          assertNotNull(answer.json().getString("sessionToken"));
        } finally {
          lock.rollback();
        }
        assertEquals(200, batch.get(20, TimeUnit.SECONDS).status());
      }
    } finally {
      node.stop();
    }
  }
}
