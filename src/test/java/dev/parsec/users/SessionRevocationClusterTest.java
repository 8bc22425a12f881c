package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each node caches the sessions it has seen; a revocation on one node must reach the other's cache
 * before it is acknowledged, so the very next request there is refused.
 */
@DisplayName("Sessions cached on each node: a revocation on one node is refused on the other at once")
class SessionRevocationClusterTest {

  private static Node a;
  private static Node b;

  @BeforeAll
  static void start() {
    List<Node> nodes = TestNodes.startPair(TestDatabases.fresh(), Map.of());
    a = nodes.get(0);
    b = nodes.get(1);
  }

  @AfterAll
  static void stop() {
    b.stop();
    a.stop();
  }

  @Test
  @DisplayName("logout, password change, session delete and user delete on A: the token is refused on B")
  void revocationsCrossNodes() {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    Api onA = Api.at(a.config().port());
    Api onB = Api.at(b.config().port());

    String logout = onA.post("/parse/users", new JsonObject().put("username", name).put("password", "first-pass")).json().getString("sessionToken");
    assertMe(onB, logout, 200); // now cached on B
    onA.header("X-Parse-Session-Token", logout).post("/parse/logout", new JsonObject());
    assertMe(onB, logout, 209);

    JsonObject login = onA.post("/parse/login", new JsonObject().put("username", name).put("password", "first-pass")).json();
    String old = login.getString("sessionToken");
    assertMe(onB, old, 200);
    Api.Response changed = onA.header("X-Parse-Session-Token", old).put("/parse/users/" + login.getString("objectId"),
        new JsonObject().put("password", "second-pass"));
    assertEquals(200, changed.status(), changed.text());
    assertMe(onB, old, 209);
    String current = changed.json().getString("sessionToken");
    assertMe(onB, current, 200);

    JsonObject session = onB.header("X-Parse-Session-Token", current).get("/parse/sessions/me").json();
    Api.Response deleted = onA.asMaster().delete("/parse/sessions/" + session.getString("objectId"));
    assertEquals(200, deleted.status(), deleted.text());
    assertMe(onB, current, 209);

    String last = onA.post("/parse/login", new JsonObject().put("username", name).put("password", "second-pass")).json().getString("sessionToken");
    assertMe(onB, last, 200);
    assertEquals(200, onA.asMaster().delete("/parse/users/" + login.getString("objectId")).status());
    assertMe(onB, last, 209);
  }

  private static void assertMe(Api node, String token, int expected) {
    Api.Response me = node.header("X-Parse-Session-Token", token).get("/parse/users/me");
    assertEquals(expected, expected == 200 ? me.status() : me.json().getInteger("code"), me.text());
  }
}
