package dev.parsec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SIGTERM stops a node in order")
class GracefulStopTest {

  @Test
  @DisplayName("during a burst of writes, SIGTERM lets requests in flight finish, loses no acknowledged write, and exits 0")
  void sigtermDuringBurst() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.parsec.Main"));
    settings.forEach((key, value) -> command.add("--" + key + "=" + value));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Path.of(settings.get("data_dir"), "node.log").toFile()).start();
    try {
      Api api = Api.at(Integer.parseInt(settings.get("port"))).asMaster();
      awaitHealthy(api);
      assertEquals(201, api.post("/parse/classes/Burst", new JsonObject().put("n", 0)).status());

      AtomicInteger acknowledged = new AtomicInteger(1);
      AtomicInteger sent = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(16);
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (int i = 1; i <= 400; i++) {
        int n = i;
        calls.add(CompletableFuture.runAsync(() -> {
          sent.incrementAndGet();
          Api.Response r;
          try {
            r = api.post("/parse/classes/Burst", new JsonObject().put("n", n));
          } catch (RuntimeException refused) {
            return; // the node stopped accepting: this write was never acknowledged
          }
          assertEquals(201, r.status(), "an answered request is a success, never a 5xx: " + r);
          acknowledged.incrementAndGet();
        }, clients));
      }
      while (sent.get() < 60) {
        Thread.sleep(5);
      }
      process.destroy(); // SIGTERM
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      clients.shutdown();

      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the node exits within its grace period");
      assertEquals(0, process.exitValue());
      assertTrue(acknowledged.get() > 1, "some writes were acknowledged before the stop");
      assertEquals(acknowledged.get(), TestDatabases.count(database, "SELECT count(*) FROM \"Burst\""),
          "every acknowledged write is in PostgreSQL");
    } finally {
      process.destroyForcibly();
    }
  }

  private static void awaitHealthy(Api api) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (api.get("/health").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node did not start");
  }
}
