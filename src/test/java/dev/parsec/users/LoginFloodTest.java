package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A login flood is bounded: beyond the hashes a node may queue, logins are refused with 155")
class LoginFloodTest {

  @Test
  @DisplayName("with one hashing thread, 90 concurrent wrong logins get 101 or 155, never a 5xx, and the API stays up")
  void floodIsRefusedCleanly() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("password_hash_threads", "1");
    settings.put("http_instances", "1");
    Node node = TestNodes.start(settings);
    ExecutorService clients = Executors.newFixedThreadPool(90);
    try {
      Api api = Api.at(node.config().port());
      assertEquals(201, api.post("/parse/users", new JsonObject().put("username", "target").put("password", "right-one")).status());
      List<CompletableFuture<String>> logins = new ArrayList<>();
      for (int i = 0; i < 90; i++) {
        logins.add(CompletableFuture.supplyAsync(() -> {
          Api.Response answer = api.post("/parse/login", new JsonObject().put("username", "target").put("password", "wrong"));
          return answer.status() + "/" + answer.json().getInteger("code");
        }, clients));
      }
      List<String> codes = logins.stream().map(CompletableFuture::join).toList();
      assertTrue(codes.stream().allMatch(code -> code.equals("404/101") || code.equals("429/155")), codes.toString());
      assertTrue(codes.contains("429/155"), "some were refused: " + codes);
      assertEquals(200, api.get("/health").status());
      assertEquals(200, api.post("/parse/login", new JsonObject().put("username", "target").put("password", "right-one")).status(),
          "once the flood is over, logins work again");
    } finally {
      clients.shutdownNow();
      node.stop();
    }
  }
}
