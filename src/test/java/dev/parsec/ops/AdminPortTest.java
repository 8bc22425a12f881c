package dev.parsec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.ConfigException;
import dev.parsec.config.ConfigLoader;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("admin_port: /health, /ready and /metrics on a port of their own, the Parse API on the public port only")
class AdminPortTest {

  @Test
  @DisplayName("with admin_port set, the public port serves the API and Parse's health but not /metrics, /ready or /health")
  void split() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    int adminPort = TestNodes.freePort();
    settings.put("admin_port", String.valueOf(adminPort));
    Node node = TestNodes.start(settings);
    try {
      Api pub = Api.at(node.config().port());
      Api admin = Api.at(adminPort);

      Api.Response ready = admin.awaitReady();
      assertEquals(200, ready.status(), ready.text());
      assertEquals("UP", ready.json().getString("outcome"), ready.text());
      assertEquals(200, admin.get("/health").status());
      for (String path : java.util.List.of("/health", "/ready", "/metrics")) {
        assertEquals(200, head(adminPort, path), "HEAD " + path + " as uptime monitors send it");
        assertEquals(404, head(node.config().port(), path), "HEAD " + path + " on the public port");
      }

      assertEquals(201, pub.asMaster().post("/parse/classes/Split", new JsonObject().put("a", 1)).status());
      assertEquals(200, pub.get("/parse/health").status(), "Parse's health check, which the SDKs call, stays public");
      assertEquals(404, pub.get("/metrics").status());
      assertEquals(404, pub.get("/ready").status());
      assertEquals(404, pub.get("/health").status());

      Api.Response metrics = admin.get("/metrics");
      assertEquals(200, metrics.status());
      assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
      assertTrue(metrics.text().lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total")
          && line.contains("route=\"/parse/classes/:className\"") && line.contains("code=\"201\"")),
          "the public port's requests are counted in the admin port's metrics");
      assertTrue(metrics.text().contains("jvm_memory_used_bytes"), "JVM metrics");

      assertEquals(404, admin.asMaster().get("/parse/classes/Split").status(), "no Parse API on the admin port");
      assertEquals(404, admin.asMaster().post("/parse/classes/Split", new JsonObject().put("a", 2)).status());
      assertEquals(404, admin.get("/parse/health").status());
      assertEquals(1, pub.asMaster().get("/parse/classes/Split").json().getJsonArray("results").size(),
          "nothing was written through the admin port");
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("a port taken by another program stops the start with the key and port named (port, admin_port)")
  void portInUseIsNamed() throws Exception {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    int taken = TestNodes.freePort();
    settings.put("admin_port", String.valueOf(taken));
    try (java.net.ServerSocket holder = new java.net.ServerSocket(taken, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Exception failed = assertThrows(Exception.class, () -> TestNodes.start(settings));
      assertEquals("admin_port " + taken + " on 127.0.0.1 is already in use by another program: stop it or set another admin_port",
          failed.getMessage());
      settings.remove("admin_port");
      settings.put("port", String.valueOf(taken));
      failed = assertThrows(Exception.class, () -> TestNodes.start(settings));
      assertEquals("port " + taken + " on 127.0.0.1 is already in use by another program: stop it or set another port",
          failed.getMessage());
    }
  }

  private static int head(int port, String path) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + port + path)).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("a worker node, which has no public port, answers probes and scrapes on its admin_port")
  void workerNode() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    int adminPort = TestNodes.freePort();
    settings.put("admin_port", String.valueOf(adminPort));
    settings.put("roles", "worker");
    Node node = TestNodes.start(settings);
    try {
      Api admin = Api.at(adminPort);
      assertEquals(200, admin.awaitReady().status());
      assertTrue(admin.get("/metrics").text().contains("jvm_memory_used_bytes"));
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("admin_port is a port other than port")
  void validation() {
    assertEquals("configuration admin_port: must differ from port (got 1337 for both)",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("admin_port", "1337"))).getMessage());
    assertEquals("configuration admin_port: must be a whole number (got 'admin')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("admin_port", "admin"))).getMessage());
    assertTrue(ConfigLoader.fromValues(Map.of()).adminPort().isEmpty(), "unset by default");
    assertEquals(9090, ConfigLoader.fromValues(Map.of("admin_port", "9090")).adminPort().getAsInt());
  }

  @Test
  @DisplayName("a clustered node refuses admin_port or port on cluster_port (one line, not a bind error at start); a single node may")
  void clusterPortIsNotShared() {
    Map<String, String> clustered = Map.of("cluster_members", "10.0.0.1:5701,10.0.0.2:5701");
    Map<String, String> admin = new java.util.HashMap<>(clustered);
    admin.put("admin_port", "5701");
    assertEquals("configuration admin_port: must differ from cluster_port (got 5701 for both)",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(admin)).getMessage());
    Map<String, String> api = new java.util.HashMap<>(clustered);
    api.put("port", "5801");
    api.put("cluster_port", "5801");
    assertEquals("configuration port: must differ from cluster_port (got 5801 for both)",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(api)).getMessage());
    assertEquals(5701, ConfigLoader.fromValues(Map.of("admin_port", "5701")).adminPort().getAsInt(), "no cluster, no cluster port");
  }
}
