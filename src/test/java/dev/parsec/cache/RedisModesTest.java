package dev.parsec.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/** The object cache on Redis behind Sentinels and on a Redis Cluster, all embedded servers of the test. */
@DisplayName("Redis by configuration: the object cache works through Sentinels and on a Redis Cluster")
class RedisModesTest {

  @Test
  @DisplayName("redis_mode sentinel: the node asks the Sentinel for the master and caches there")
  void sentinel() throws Exception {
    int masterPort = TestNodes.freePort();
    int sentinelPort = TestNodes.freePort();
    RedisServer master = RedisServer.newRedisServer().port(masterPort).bind("127.0.0.1").setting("save \"\"").build();
    RedisSentinel sentinel = RedisSentinel.newRedisSentinel().bind("127.0.0.1").port(sentinelPort).masterPort(masterPort)
        .masterName("parsec-master").quorumSize(1).build();
    master.start();
    sentinel.start();
    try {
      cachesThrough(Map.of("redis_url", "redis://127.0.0.1:" + sentinelPort, "redis_mode", "sentinel",
          "redis_master_name", "parsec-master"), "redis://127.0.0.1:" + masterPort);
    } finally {
      sentinel.stop();
      master.stop();
    }
  }

  @Test
  @DisplayName("redis_mode cluster: a three-master Redis Cluster, the cache's keys in the slot of their hash tag")
  void cluster() throws Exception {
    List<RedisServer> servers = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      for (int i = 0; i < 3; i++) {
        int port = clusterPort();
        ports.add(port);
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
            .setting("cluster-enabled yes").setting("cluster-config-file nodes-" + port + ".conf").build();
        server.start();
        servers.add(server);
      }
      // what redis-cli --cluster create does: share out the 16384 slots, and introduce the nodes
      for (int i = 0; i < 3; i++) {
        Redis node = Redis.createClient(vertx, "redis://127.0.0.1:" + ports.get(i));
        Request slots = Request.cmd(Command.CLUSTER).arg("ADDSLOTS");
        for (int slot = i * 5462; slot <= Math.min(16383, i * 5462 + 5461); slot++) {
          slots.arg(slot);
        }
        node.send(slots).await();
        for (int other : ports) {
          node.send(Request.cmd(Command.CLUSTER).arg("MEET").arg("127.0.0.1").arg(other)).await();
        }
        node.close();
      }
      Redis first = Redis.createClient(vertx, "redis://127.0.0.1:" + ports.get(0));
      long deadline = System.currentTimeMillis() + 20_000;
      while (!first.send(Request.cmd(Command.CLUSTER).arg("INFO")).await().toString().contains("cluster_state:ok")) {
        assertTrue(System.currentTimeMillis() < deadline, "the cluster formed");
        Thread.sleep(100);
      }
      String keyOwner = first.send(Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg("{parsec}:objects:generation")).await().toString();
      first.close();
      int slot = Integer.parseInt(keyOwner);
      cachesThrough(Map.of("redis_url", "redis://127.0.0.1:" + ports.get(0) + ",redis://127.0.0.1:" + ports.get(1),
          "redis_mode", "cluster"), "redis://127.0.0.1:" + ports.get(slot / 5462));
    } finally {
      vertx.close().await();
      for (RedisServer server : servers) {
        server.stop();
      }
    }
  }

  /** A node with these settings serves a second read from the cache, whose entry is on the server at entries. */
  private static void cachesThrough(Map<String, String> redis, String entries) throws Exception {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(redis);
    settings.put("allow_client_class_creation", "true");
    Node node = TestNodes.startReady(settings);
    Vertx vertx = Vertx.vertx();
    try {
      Api master = Api.at(node.config().port()).asMaster();
      String id = master.post("/parse/classes/Card", new JsonObject().put("v", 1)).json().getString("objectId");
      assertEquals(1, master.get("/parse/classes/Card/" + id).json().getInteger("v"));
      double before = hits(node);
      assertEquals(1, master.get("/parse/classes/Card/" + id).json().getInteger("v"));
      assertTrue(hits(node) > before, "the second read was a cache hit");
      Redis server = Redis.createClient(vertx, entries);
      String keys = server.send(Request.cmd(Command.KEYS).arg("{parsec}:o:*")).await().toString();
      assertTrue(keys.contains("Card:" + id), "the entry is on the server that holds it: " + keys);

      assertEquals(200, master.put("/parse/classes/Card/" + id, new JsonObject().put("v", 2)).status());
      assertEquals(2, master.get("/parse/classes/Card/" + id).json().getInteger("v"), "the write evicted the entry");
    } finally {
      vertx.close().await();
      node.stop();
    }
  }

  private static double hits(Node node) {
    return Api.at(node.config().port()).get("/metrics").text().lines()
        .filter(line -> line.startsWith("parsec_cache_hits_total{") && line.contains("cache=\"objects\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  /** A free port whose cluster bus port (10000 above it) is free too: Redis Cluster listens on both. */
  private static int clusterPort() throws java.io.IOException {
    while (true) {
      int port = TestNodes.freePort();
      if (port + 10_000 <= 65_535) {
        try (java.net.ServerSocket bus = new java.net.ServerSocket(port + 10_000, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
          return port;
        } catch (java.io.IOException busy) {
          // try another
        }
      }
    }
  }
}
