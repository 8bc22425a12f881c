package dev.parsec.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rate limits hold across nodes: a client spreading its calls over two nodes gets one allowance")
class RateLimitClusterTest {

  private static Node a;
  private static Node b;

  @BeforeAll
  static void start() {
    List<Node> nodes = TestNodes.startPair(TestDatabases.fresh(), Map.of(
        // hour-long windows: a test run never straddles two of them
        "rate_limits", "GET /classes/Limited 10/1h by ip, POST /classes/PerUser 3/1h by user, "
            + "POST /files/* 2/1h by user, GET /files/* 3/1h by ip, GET /classes/Bulk 400/1h by ip",
        "file_upload_public", "true",
        "files_adapter", "postgres",
        "allow_client_class_creation", "true"));
    a = nodes.get(0);
    b = nodes.get(1);
  }

  @AfterAll
  static void stop() {
    b.stop();
    a.stop();
  }

  @Test
  @DisplayName("10 calls an hour per address, alternating nodes: the 11th is 429 with Parse's body, Retry-After and RateLimit fields")
  void limitAcrossNodes() {
    Api[] nodes = {Api.at(a.config().port()), Api.at(b.config().port())};
    for (int i = 0; i < 10; i++) {
      Api.Response allowed = nodes[i % 2].get("/parse/classes/Limited");
      assertEquals(200, allowed.status(), "call " + (i + 1) + ": " + allowed.text());
      assertEquals("\"r1\";r=" + (9 - i) + ";t=", allowed.header("RateLimit").replaceFirst("t=\\d+$", "t="));
    }
    Api.Response refused = nodes[0].get("/parse/classes/Limited");
    assertEquals(429, refused.status());
    assertEquals(new JsonObject().put("code", 100).put("error", "Too many requests."), refused.json());
    assertNotNull(refused.header("Retry-After"));
    assertTrue(Long.parseLong(refused.header("Retry-After")) <= 3600);
    assertEquals("\"r1\";q=10;w=3600", refused.header("RateLimit-Policy"));
    assertEquals(429, nodes[1].get("/parse/classes/Limited").status(), "the other node refuses too");
    assertEquals(200, nodes[1].get("/parse/classes/Other").status(), "other routes have no limit");
    assertEquals(200, nodes[1].asMaster().get("/parse/classes/Limited").status(), "the master key is exempt");
  }

  @Test
  @DisplayName("file uploads and downloads are counted like other calls, over both nodes")
  void files() {
    Api[] nodes = {Api.at(a.config().port()), Api.at(b.config().port())};
    String name = null;
    for (int i = 0; i < 2; i++) {
      Api.Response stored = nodes[i % 2].postRaw("/parse/files/note.txt", "note " + i, "text/plain");
      assertEquals(201, stored.status(), stored.toString());
      name = stored.json().getString("name");
    }
    Api.Response refused = nodes[0].postRaw("/parse/files/note.txt", "one too many", "text/plain");
    assertEquals(429, refused.status());
    assertEquals(100, refused.json().getInteger("code"));
    String path = "/parse/files/" + TestNodes.APP_ID + "/" + name;
    for (int i = 0; i < 3; i++) {
      assertEquals(200, nodes[i % 2].get(path).status(), "download " + (i + 1));
    }
    assertEquals(429, nodes[1].get(path).status());
  }

  @Test
  @DisplayName("a large limit is taken in shares per event loop: never more than the limit, at most a share each fewer")
  void largeLimitInShares() {
    Api[] nodes = {Api.at(a.config().port()), Api.at(b.config().port())};
    int admitted = 0;
    for (int i = 0; i < 500; i++) {
      int status = nodes[i % 2].get("/parse/classes/Bulk").status();
      if (status == 429) {
        break;
      }
      assertEquals(200, status);
      admitted++;
    }
    // two nodes with two event loops each may each hold an unused share of 400 / 100
    assertTrue(admitted <= 400 && admitted >= 400 - 4 * 4, admitted + " admitted");
    assertEquals(429, nodes[0].get("/parse/classes/Bulk").status());
    assertEquals(429, nodes[1].get("/parse/classes/Bulk").status());
  }

  @Test
  @DisplayName("a rule by user counts each user apart, whichever node they call")
  void perUser() {
    String first = TestUsers.signUp(a.config().port());
    String second = TestUsers.signUp(a.config().port());
    Api firstOnA = Api.at(a.config().port()).header("X-Parse-Session-Token", first);
    Api firstOnB = Api.at(b.config().port()).header("X-Parse-Session-Token", first);
    for (int i = 0; i < 3; i++) {
      assertEquals(201, (i % 2 == 0 ? firstOnA : firstOnB).post("/parse/classes/PerUser", new JsonObject().put("n", i)).status());
    }
    assertEquals(429, firstOnB.post("/parse/classes/PerUser", new JsonObject().put("n", 3)).status());
    assertEquals(201, Api.at(b.config().port()).header("X-Parse-Session-Token", second)
        .post("/parse/classes/PerUser", new JsonObject().put("n", 0)).status());
  }
}
