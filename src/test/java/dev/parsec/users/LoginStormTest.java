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

@DisplayName("A login storm beyond the hashing capacity: every login is answered, 155 for those that waited too long")
class LoginStormTest {

  /** Fewer than the 32 a hashing thread may have waiting: any refusal comes from the wait bound. */
  private static final int LOGINS = 30;

  @Test
  @DisplayName("one hashing thread, password_hash_max_wait 100 ms: 30 simultaneous right logins each get 200 or 155, some of each")
  void loginsThatWaitedTooLongAreRefused() {
    List<Integer> statuses = storm("100");
    assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 155), statuses.toString());
    // 30 Argon2id hashes of 19 MiB take far more than 100 ms on one thread: the last ones waited longer.
    assertTrue(statuses.contains(155), "some waited past the bound: " + statuses);
    assertTrue(statuses.contains(200), "the first ones were hashed: " + statuses);
  }

  @Test
  @DisplayName("with password_hash_max_wait 0 (no bound) the same storm is served whole, each login in its turn")
  void withoutTheBoundEveryLoginWaitsItsTurn() {
    List<Integer> statuses = storm("0");
    assertTrue(statuses.stream().allMatch(status -> status == 200), statuses.toString());
  }

  /** Starts a node with one hashing thread, logs one user in LOGINS times at once; answers 200 or the Parse error code. */
  private static List<Integer> storm(String maxWait) {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("password_hash_threads", "1");
    settings.put("password_hash_max_wait", maxWait);
    settings.put("http_instances", "1");
    Node node = TestNodes.start(settings);
    ExecutorService clients = Executors.newFixedThreadPool(LOGINS);
    try {
      Api api = Api.at(node.config().port());
      JsonObject credentials = new JsonObject().put("username", "player").put("password", "right-one");
      assertEquals(201, api.post("/parse/users", credentials).status());
      List<CompletableFuture<Integer>> logins = new ArrayList<>();
      for (int i = 0; i < LOGINS; i++) {
        // Api gives each request 30 s: a login left hanging fails the test
        logins.add(CompletableFuture.supplyAsync(() -> {
          Api.Response answer = api.post("/parse/login", credentials);
          return answer.status() == 200 ? 200 : answer.json().getInteger("code");
        }, clients));
      }
      List<Integer> statuses = logins.stream().map(CompletableFuture::join).toList();
      assertEquals(200, api.post("/parse/login", credentials).status(), "after the storm a login is hashed again");
      return statuses;
    } finally {
      clients.shutdownNow();
      node.stop();
    }
  }
}
