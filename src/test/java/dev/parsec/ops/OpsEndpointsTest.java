package dev.parsec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/health, /ready and /metrics tell an operator what is going on")
class OpsEndpointsTest {

  @Test
  @DisplayName("a node with PostgreSQL and Redis is live, ready, and counts its requests by route and status")
  void healthyNode() {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("redis_url", TestRedis.url());
    Node node = TestNodes.start(settings);
    try {
      Api api = Api.at(node.config().port());
      assertEquals(200, api.get("/health").status());
      Api.Response ready = api.get("/ready");
      assertEquals(200, ready.status(), ready.text());
      assertEquals("UP", status(ready.json(), "postgresql"));
      assertEquals("UP", status(ready.json(), "redis"));

      assertEquals(201, api.asMaster().post("/parse/classes/Metered", new JsonObject().put("a", 1)).status());
      String metrics = api.get("/metrics").text();
      assertTrue(metrics.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total")
          && line.contains("code=\"201\"") && line.contains("method=\"POST\"") && line.contains("route=\"/parse/classes/:className\"")),
          "request counter by route and status");
      assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics");
      assertTrue(metrics.contains("pool_name=\"redis-cache\",pool_type=\"redis\""), "the object cache's Redis pool, named");
      assertFalse(Pattern.compile("pool_name=\"[0-9a-f]{8}-[0-9a-f]{4}-").matcher(metrics).find(),
          "no pool named by a random UUID (new series at every restart)");
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("with Redis unreachable the node stays ready (Redis is a cache), says Redis is not reachable, and serves from PostgreSQL")
  void redisDownStaysReadyAndServes() throws InterruptedException {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("redis_url", "redis://127.0.0.1:" + TestNodes.freePort());
    Node node = TestNodes.start(settings);
    try {
      Api api = Api.at(node.config().port());
      Api.Response ready = api.get("/ready");
      assertEquals(200, ready.status(), ready.text());
      assertEquals(false, check(ready.json(), "redis").getJsonObject("data").getBoolean("reachable"), ready.text());
      assertEquals("UP", status(ready.json(), "postgresql"));
      Metrics.await(node, "parsec_ready_check", "check=\"redis\"", 0);
      assertEquals(1, Metrics.sum(node, "parsec_ready"), "Redis away leaves the node ready");
      assertEquals(200, api.get("/health").status());
      assertEquals(201, api.asMaster().post("/parse/classes/StillServing", new JsonObject().put("a", 1)).status());
    } finally {
      node.stop();
    }
  }

  private static String status(JsonObject ready, String id) {
    JsonObject check = check(ready, id);
    return check == null ? "absent" : check.getString("status");
  }

  private static JsonObject check(JsonObject ready, String id) {
    for (Object check : ready.getJsonArray("checks")) {
      if (id.equals(((JsonObject) check).getString("id"))) {
        return (JsonObject) check;
      }
    }
    return null;
  }
}
