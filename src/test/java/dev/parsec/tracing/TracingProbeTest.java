package dev.parsec.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LocalOtlpReceiver;
import dev.parsec.support.LocalOtlpReceiver.ReceivedSpan;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Adversarial probes of tracing: what a node exports to the tracing backend (a log, where no secret may go), and what
 * a client's traceparent and tracestate can make it do.
 */
@DisplayName("Tracing probes: no secret reaches the tracing backend, a client's traceparent decides nothing, probes start no trace")
class TracingProbeTest {

  private static final String PASSWORD = "Pr0be-pa55word-in-a-query";
  private static final String FACEBOOK_TOKEN = "fb-probe-access-token-9f3c";
  private static final String HOOK_SECRET = "hook-secret-in-its-url-77a1";
  private static final String MAILED_TOKEN = "mailed-link-token-5e2b";

  private LocalOtlpReceiver receiver;
  /** Stands in for Facebook's Graph API, and for a webhook app: records the traceparent and tracestate it gets. */
  private HttpServer thirdParty;
  private final List<String> hookHeaders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceivers() throws IOException {
    receiver = new LocalOtlpReceiver();
    thirdParty = HttpServer.create(new InetSocketAddress("127.0.0.1", TestNodes.freePort()), 16);
    thirdParty.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String answer = switch (path) {
        case "/graph/me" -> new JsonObject().put("id", "fb-probe-user").encode();
        case "/graph/app" -> new JsonObject().put("id", "probe-app").encode();
        default -> {
          hookHeaders.add(exchange.getRequestHeaders().getFirst("traceparent") + " " + exchange.getRequestHeaders().getFirst("tracestate"));
          yield "{\"success\":\"hooked\"}";
        }
      };
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    thirdParty.start();
  }

  @AfterEach
  void stopReceivers() {
    thirdParty.stop(0);
    receiver.close();
  }

  @Test
  @DisplayName("a password in a login's query, a mailed link's token, a session token, the master key, a Facebook access token and a webhook URL's secret are not exported")
  void noSecretInSpans() {
    String base = "http://127.0.0.1:" + thirdParty.getAddress().getPort();
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("otel_endpoint", receiver.endpoint(), "redis_url", TestRedis.url(),
        "auth_facebook_app_ids", "probe-app", "auth_facebook_graph_url", base + "/graph"));
    Node node = TestNodes.startReady(settings);
    String sessionToken;
    try {
      Api client = Api.at(node.config().port());
      Api master = client.asMaster();
      assertEquals(201, client.post("/parse/users", new JsonObject().put("username", "probe").put("password", PASSWORD)).status());
      Api.Response login = client.get("/parse/login", Map.of("username", "probe", "password", PASSWORD));
      assertEquals(200, login.status(), login.text());
      sessionToken = login.json().getString("sessionToken");
      assertEquals(200, client.header("X-Parse-Session-Token", sessionToken).get("/parse/users/me").status());
      client.get("/parse/apps/" + TestNodes.APP_ID + "/verify_email", Map.of("token", MAILED_TOKEN));
      Api.Response facebook = client.post("/parse/users", new JsonObject().put("authData", new JsonObject().put("facebook",
          new JsonObject().put("id", "fb-probe-user").put("access_token", FACEBOOK_TOKEN))));
      assertEquals(201, facebook.status(), facebook.text());
      String hookUrl = "http://probe:" + HOOK_SECRET + "@127.0.0.1:" + thirdParty.getAddress().getPort() + "/hook?key=" + HOOK_SECRET;
      assertEquals(200, master.post("/parse/hooks/functions", new JsonObject().put("functionName", "probeHook").put("url", hookUrl)).status());
      Api.Response hooked = client.post("/parse/functions/probeHook", new JsonObject());
      assertEquals("hooked", hooked.json().getString("result"), hooked.text());
      assertEquals(200, client.get("/ready").status());
      assertEquals(200, client.get("/metrics").status());
      assertEquals(200, client.get("/health").status());
    } finally {
      node.stop();
    }
    String exported = receiver.everything();
    List<ReceivedSpan> spans = receiver.spans();
    String all = String.join("\n", spans.stream().map(ReceivedSpan::toString).toList());
    // what an operator looks for is there: the login's request, the Graph API's call and the webhook's, by path
    assertTrue(spans.stream().anyMatch(span -> "/parse/login".equals(span.attributes().get("url.path"))), all);
    assertTrue(spans.stream().anyMatch(span -> span.kind().equals("SPAN_KIND_CLIENT")
        && span.attributes().getOrDefault("url.full", "").equals(base + "/graph/me")), all);
    assertTrue(spans.stream().anyMatch(span -> span.kind().equals("SPAN_KIND_CLIENT")
        && span.attributes().getOrDefault("url.full", "").equals(base + "/hook")), all);
    // the probes of load balancers and Prometheus start no trace
    assertTrue(spans.stream().noneMatch(span -> List.of("/ready", "/metrics", "/health").contains(span.attributes().getOrDefault("url.path", ""))), all);
    for (String secret : List.of(PASSWORD, sessionToken, TestNodes.MASTER_KEY, FACEBOOK_TOKEN, HOOK_SECRET, MAILED_TOKEN)) {
      assertFalse(exported.contains(secret), "a secret exported: " + secret + "\n" + all);
    }
  }

  @Test
  @DisplayName("a client's sampled traceparent does not make a node keep its trace (ratio 0), nor reach a webhook with its tracestate")
  void clientTraceparentIgnored() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("otel_endpoint", receiver.endpoint(), "otel_sample_ratio", "0"));
    Node node = TestNodes.startReady(settings);
    String traceId = "0000000000000000000000000000000a";
    try {
      Api master = Api.at(node.config().port()).asMaster();
      assertEquals(200, master.post("/parse/hooks/functions", new JsonObject().put("functionName", "probeHook")
          .put("url", "http://127.0.0.1:" + thirdParty.getAddress().getPort() + "/hook")).status());
      Api forcing = master.header("traceparent", "00-" + traceId + "-00000000000000f1-01").header("tracestate", "client=leaked");
      for (int i = 0; i < 5; i++) {
        assertEquals(200, forcing.get("/parse/classes/Probe").status());
      }
      Api.Response hooked = forcing.post("/parse/functions/probeHook", new JsonObject());
      assertEquals("hooked", hooked.json().getString("result"), hooked.text());
    } finally {
      node.stop();
    }
    assertEquals(List.of(), receiver.spans(), "nothing kept at a ratio of 0");
    assertEquals(1, hookHeaders.size(), hookHeaders.toString());
    String[] got = hookHeaders.get(0).split(" ");
    assertNotEquals(traceId, got[0].split("-")[1], "the webhook got the client's trace: " + hookHeaders);
    assertEquals("null", got[1], "the webhook got the client's tracestate: " + hookHeaders);
  }
}
