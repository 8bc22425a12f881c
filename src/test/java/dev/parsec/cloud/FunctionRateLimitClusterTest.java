package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RequestFunctions' "limited" (3 calls a minute per client address) on two nodes that both run it. */
@DisplayName("A function's rate limit holds across the cluster: calls through either node, run by either worker, count together")
class FunctionRateLimitClusterTest {

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
  @DisplayName("the 4th call in the window is refused with 429 whichever node it reaches, and counted on /metrics; calls by the master key pass")
  void limitIsClusterWide() throws InterruptedException {
    RequestFunctions.awaitWindowStart();
    Api viaA = Api.at(a.config().port());
    Api viaB = Api.at(b.config().port());
    for (Api api : List.of(viaA, viaB, viaA)) {
      Api.Response ok = api.post("/parse/functions/limited", new JsonObject());
      assertEquals(200, ok.status(), ok.text());
    }
    for (Api api : List.of(viaB, viaA)) {
      Api.Response refused = api.post("/parse/functions/limited", new JsonObject());
      assertEquals(429, refused.status(), refused.text());
      assertEquals(new JsonObject().put("code", 100).put("error", "Too many requests."), refused.json());
    }
    assertEquals(200, viaB.asMaster().post("/parse/functions/limited", new JsonObject()).status());
    // each refusal counted once, on the node whose worker ran the call
    assertEquals(2, Metrics.sum(a, "parsec_ratelimit_refusals_total", "kind=\"function\"", "rule=\"limited\"")
        + Metrics.sum(b, "parsec_ratelimit_refusals_total", "kind=\"function\"", "rule=\"limited\""));
  }
}
