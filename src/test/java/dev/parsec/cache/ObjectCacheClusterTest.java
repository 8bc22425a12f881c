package dev.parsec.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Objects by id cached in Redis for two nodes: never stale, never an error when Redis fails. */
@DisplayName("The object cache in Redis: invalidated across nodes, ACLs kept, Redis failing costs no request and no stale read")
class ObjectCacheClusterTest {

  private static RedisServer redis;
  private static int redisPort;
  private static Node a;
  private static Node b;
  private static Api masterA;
  private static Api masterB;

  @BeforeAll
  static void start() throws Exception {
    redisPort = TestNodes.freePort();
    // Redis keeps its data across a restart (append-only file), so what it held before an outage comes back
    java.nio.file.Path dir = TestDatabases.TestDirs.create("redis");
    redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly yes").setting("appendfsync always").setting("dir " + dir).build();
    redis.start();
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(TestDatabases.fresh());
    for (Map<String, String> settings : cluster) {
      settings.put("redis_url", "redis://127.0.0.1:" + redisPort);
      settings.put("allow_client_class_creation", "true");
    }
    a = TestNodes.start(cluster.get(0));
    b = TestNodes.start(cluster.get(1));
    masterA = Api.at(a.config().port()).asMaster();
    masterB = Api.at(b.config().port()).asMaster();
    masterA.awaitReady();
    masterB.awaitReady();
  }

  @AfterAll
  static void stop() throws Exception {
    b.stop();
    a.stop();
    redis.stop();
  }

  @Test
  @DisplayName("a get is served from the cache once read; an update on the other node is seen at once")
  void invalidatedAcrossNodes() {
    String id = masterA.post("/parse/classes/Card", new JsonObject().put("v", 0)).json().getString("objectId");
    double hitsBefore = hits(b);
    assertEquals(0, masterB.get("/parse/classes/Card/" + id).json().getInteger("v"));
    assertEquals(0, masterB.get("/parse/classes/Card/" + id).json().getInteger("v"));
    assertTrue(hits(b) > hitsBefore, "the second read was a cache hit");
    for (int v = 1; v <= 10; v++) {
      assertEquals(200, masterA.put("/parse/classes/Card/" + id, new JsonObject().put("v", v)).status());
      assertEquals(v, masterB.get("/parse/classes/Card/" + id).json().getInteger("v"), "read right after update " + v);
    }
    assertEquals(200, masterB.delete("/parse/classes/Card/" + id).status());
    assertEquals(101, masterA.get("/parse/classes/Card/" + id).json().getInteger("code"));
  }

  @Test
  @DisplayName("a cached object still answers each caller by its ACL and protected fields")
  void aclsOnCachedObjects() {
    String token = TestUsers.signUp(a.config().port());
    String userId = Api.at(a.config().port()).header("X-Parse-Session-Token", token).get("/parse/users/me").json().getString("objectId");
    String id = masterA.post("/parse/classes/Secret", new JsonObject().put("note", "mine").put("pin", 1234)
        .put("ACL", new JsonObject().put(userId, new JsonObject().put("read", true)))).json().getString("objectId");
    masterB.put("/parse/schemas/Secret", new JsonObject().put("classLevelPermissions", new JsonObject()
        .put("get", new JsonObject().put("*", true)).put("find", new JsonObject().put("*", true))
        .put("protectedFields", new JsonObject().put("*", new JsonArray().add("pin")))));
    assertEquals(1234, masterB.get("/parse/classes/Secret/" + id).json().getInteger("pin")); // cached, whole
    assertEquals(101, Api.at(b.config().port()).get("/parse/classes/Secret/" + id).json().getInteger("code"));
    JsonObject owner = Api.at(b.config().port()).header("X-Parse-Session-Token", token).get("/parse/classes/Secret/" + id).json();
    assertEquals("mine", owner.getString("note"));
    assertEquals(null, owner.getValue("pin"), "protected from everyone but the master key");
  }

  @Test
  @DisplayName("Redis down: reads and writes still succeed, /metrics shows the cache suspended and Redis failing readiness; back with its old data, no node serves what it held before")
  void redisFailing() throws Exception {
    String id = masterA.post("/parse/classes/Card", new JsonObject().put("v", 1)).json().getString("objectId");
    assertEquals(1, masterA.get("/parse/classes/Card/" + id).json().getInteger("v"));
    assertEquals(1, masterA.get("/parse/classes/Card/" + id).json().getInteger("v")); // held in Redis

    redis.stop();
    try {
      Api.Response updated = masterB.put("/parse/classes/Card/" + id, new JsonObject().put("v", 2));
      assertEquals(200, updated.status(), updated.text());
      assertEquals(2, masterA.get("/parse/classes/Card/" + id).json().getInteger("v"));
      // what an operator sees: the cache suspended on every node, and Redis not reachable (sampled every 5 s);
      // the nodes stay ready, serving from PostgreSQL
      for (Node node : new Node[] {a, b}) {
        assertEquals(1, Metrics.sum(node, "parsec_cache_suspended"));
        Metrics.await(node, "parsec_ready_check", "check=\"redis\"", 0);
        assertEquals(1, Metrics.sum(node, "parsec_ready"));
      }
    } finally {
      redis.start(); // with v=1 still in it: the write could not evict it
    }
    Thread.sleep(4_000); // the breakers close, and the cache resumes under a new generation
    for (Node node : new Node[] {a, b}) {
      assertEquals(0, Metrics.sum(node, "parsec_cache_suspended"));
      assertEquals(0, Metrics.sum(node, "parsec_redis_circuit_breakers", "state=\"open\""));
      Metrics.await(node, "parsec_ready_check", "check=\"redis\"", 1);
      Metrics.await(node, "parsec_ready", null, 1);
      assertEquals(1, Metrics.sum(node, "parsec_ready_check", "check=\"cluster\""));
    }
    for (int i = 0; i < 3; i++) {
      for (Api node : new Api[] {masterA, masterB}) {
        assertEquals(2, node.get("/parse/classes/Card/" + id).json().getInteger("v"), "the entry held before the outage is never served");
      }
    }
  }

  private static double hits(Node node) {
    return Metrics.sum(node, "parsec_cache_hits_total", "cache=\"objects\"");
  }

}
