package dev.parsec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx running conf/nginx-lb.conf with deploy/nginx/upstream.conf, as deploy/docker-compose.yml runs it, in front of
 * a node that has an admin_port as the compose nodes do: clients get the Parse API and the service's /health, never
 * the nodes' /metrics or /ready. Skipped when nginx is not installed (.ci/run installs it).
 */
@DisplayName("nginx as the compose file runs it, in front of a node with admin_port")
class NginxInFrontTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("through nginx: the Parse API and /health answer, /metrics and /ready do not; Prometheus' admin port serves /metrics")
  void publicPortOnly() throws Exception {
    Path nginx = List.of("/usr/sbin/nginx", "/usr/bin/nginx").stream().map(Path::of).filter(Files::isExecutable)
        .findFirst().orElse(null);
    assumeTrue(nginx != null, "nginx is not installed (.ci/run installs it)");

    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    int adminPort = TestNodes.freePort();
    settings.put("admin_port", String.valueOf(adminPort));
    Node node = TestNodes.start(settings);
    Process proxy = null;
    try {
      assertEquals(200, Api.at(adminPort).awaitReady().status());
      int listen = TestNodes.freePort();
      proxy = startNginx(nginx, node.config().port(), listen);
      Api through = Api.at(listen);

      Api.Response health = through.get("/health");
      assertEquals(200, health.status(), "the service's liveness for an uptime monitor: " + health);
      assertEquals("ok", health.json().getString("status"), health.text());
      assertEquals(201, through.asMaster().post("/parse/classes/Behind", new JsonObject().put("a", 1)).status());
      assertEquals(1, through.asMaster().get("/parse/classes/Behind").json().getJsonArray("results").size());
      for (String path : List.of("/metrics", "/ready")) {
        Api.Response refused = through.get(path);
        assertEquals(404, refused.status(), path + " through nginx: " + refused);
        assertFalse(refused.text().contains("jvm_memory_used_bytes") || refused.text().contains("outcome"), path + ": " + refused.text());
      }

      // what deploy/prometheus/prometheus.yml scrapes: the node's admin port, which counted what came through nginx
      Api.Response metrics = Api.at(adminPort).get("/metrics");
      assertEquals(200, metrics.status());
      assertTrue(metrics.text().lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total")
          && line.contains("route=\"/parse/classes/:className\"") && line.contains("code=\"201\"")), "the API request is counted");
    } finally {
      if (proxy != null) {
        proxy.destroy();
        proxy.waitFor(10, TimeUnit.SECONDS);
        proxy.destroyForcibly();
      }
      node.stop();
    }
  }

  /**
   * nginx in the foreground on conf/nginx-lb.conf and deploy/nginx/upstream.conf, byte for byte but for the listen
   * address, the nodes' addresses (the compose names stand for this node) and its temporary files (in the test's folder).
   */
  private Process startNginx(Path nginx, int nodePort, int listen) throws Exception {
    String config = Files.readString(Path.of("conf", "nginx-lb.conf"));
    assertTrue(config.contains("listen 8080;"), "the port deploy/docker-compose.yml publishes");
    StringBuilder temp = new StringBuilder();
    for (String kind : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      temp.append("    ").append(kind).append("_temp_path ").append(dir.resolve(kind)).append(";\n");
    }
    config = config.replace("listen 8080;", "listen 127.0.0.1:" + listen + ";").replaceFirst("\nhttp \\{\n", "\nhttp {\n" + temp);
    Files.writeString(dir.resolve("nginx.conf"), config);
    String upstream = Files.readString(Path.of("deploy", "nginx", "upstream.conf"));
    String local = upstream.replaceAll("server parsec\\d:1337 ", "server 127.0.0.1:" + nodePort + " ");
    assertFalse(local.equals(upstream), "the compose node list names parsecN:1337");
    Files.writeString(dir.resolve("nginx-upstream.conf"), local);

    List<String> command = new ArrayList<>(List.of(nginx.toString(), "-e", "stderr", "-p", dir.toString(),
        "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), "nginx stopped: " + Files.readString(dir.resolve("nginx.log")));
      try (Socket socket = new Socket("127.0.0.1", listen)) {
        return process;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("nginx did not listen: " + Files.readString(dir.resolve("nginx.log")));
  }
}
