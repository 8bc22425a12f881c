package dev.parsec.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LocalOtlpReceiver;
import dev.parsec.support.LocalOtlpReceiver.ReceivedSpan;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry traces across two real nodes (an API-only node and a worker-only node), exported over OTLP/HTTP to
 * a local receiver, and the traceparent a webhook gets; and, with no endpoint, no tracer and no traceparent at all.
 */
@DisplayName("Tracing: one trace for a request across HTTP, the event bus, a worker on another node, PostgreSQL, Redis and a webhook")
class TracingClusterTest {

  private LocalOtlpReceiver receiver;
  private HttpServer hookApp;
  /** The traceparent header of each webhook call ("none" when it had none). */
  private final List<String> hookTraceparents = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceivers() throws IOException {
    receiver = new LocalOtlpReceiver();
    hookApp = HttpServer.create(new InetSocketAddress("127.0.0.1", TestNodes.freePort()), 16);
    hookApp.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      hookTraceparents.add(traceparent == null ? "none" : traceparent);
      byte[] answer = "{\"success\":\"hooked\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    hookApp.start();
  }

  @AfterEach
  void stopReceivers() {
    hookApp.stop(0);
    receiver.close();
  }

  @Test
  @DisplayName("a request with a traceparent: every span of the function's work on both nodes and the webhook's call continue its trace")
  void oneTraceAcrossNodes() {
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(TestDatabases.fresh());
    cluster.forEach(settings -> settings.putAll(Map.of("otel_endpoint", receiver.endpoint(), "otel_service_name", "parsec-traced",
        "otel_trust_traceparent", "true", "redis_url", TestRedis.url())));
    cluster.get(0).put("roles", "api");
    cluster.get(1).put("roles", "worker");
    Node worker = TestNodes.start(cluster.get(1));
    Node api = TestNodes.start(cluster.get(0));
    String traceId = hex(16);
    String parentId = hex(8);
    try {
      Api master = Api.at(api.config().port()).asMaster();
      master.awaitReady();
      assertEquals(200, master.post("/parse/hooks/functions", new JsonObject().put("functionName", "tracedHook")
          .put("url", hookUrl())).status());
      Api traced = master.header("traceparent", "00-" + traceId + "-" + parentId + "-01");
      Api.Response ran = traced.post("/parse/functions/tracedSaveAndGet", new JsonObject());
      assertEquals(200, ran.status(), ran.text());
      Api.Response hooked = traced.post("/parse/functions/tracedHook", new JsonObject());
      assertEquals("hooked", hooked.json().getString("result"), hooked.text());
    } finally {
      // a stopping node exports the spans it still holds
      api.stop();
      worker.stop();
    }
    assertTrue(receiver.contentTypes().stream().allMatch("application/x-protobuf"::equals), receiver.contentTypes().toString());
    List<ReceivedSpan> trace = receiver.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    String spans = String.join("\n", trace.stream().map(ReceivedSpan::toString).toList());
    Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    for (ReceivedSpan span : trace) {
      assertTrue(span.parentSpanId().equals(parentId) || ids.contains(span.parentSpanId()), "a span whose parent is outside the trace: " + span + "\n" + spans);
      assertEquals("parsec-traced", span.resource().get("service.name"));
    }
    Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, span -> span));

    // the two HTTP requests: server spans on the API node, children of the caller's span
    List<ReceivedSpan> requests = trace.stream().filter(span -> span.kind().equals("SPAN_KIND_SERVER") && span.parentSpanId().equals(parentId)).toList();
    assertEquals(2, requests.size(), spans);
    requests.forEach(request -> assertEquals(api.id(), request.resource().get("service.instance.id"), spans));

    // the function's message: sent on the API node, received on the worker node as the sent span's child
    ReceivedSpan received = trace.stream().filter(span -> span.kind().equals("SPAN_KIND_SERVER")
            && span.attributes().getOrDefault("messaging.destination.name", "").endsWith(".tracedSaveAndGet"))
        .findFirst().orElseThrow(() -> new AssertionError("no event-bus span on the worker node:\n" + spans));
    ReceivedSpan sent = byId.get(received.parentSpanId());
    assertEquals("SPAN_KIND_CLIENT", sent.kind(), spans);
    assertEquals(api.id(), sent.resource().get("service.instance.id"), spans);
    assertEquals(worker.id(), received.resource().get("service.instance.id"), spans);
    assertTrue(requests.contains(root(sent, byId)), spans);

    // the function's statements and Redis commands on the worker node, below the message it received
    List<ReceivedSpan> onWorker = trace.stream().filter(span -> worker.id().equals(span.resource().get("service.instance.id"))
        && span != received && !span.name().equals("publish")).toList();
    List<ReceivedSpan> statements = onWorker.stream().filter(span -> "postgresql".equals(span.attributes().get("db.system"))).toList();
    assertTrue(statements.stream().anyMatch(span -> span.attributes().getOrDefault("db.query.text", "").contains("INSERT INTO \"Traced\"")), spans);
    assertTrue(onWorker.stream().anyMatch(span -> "redis".equals(span.attributes().get("db.system"))), spans);
    onWorker.forEach(span -> assertTrue(descendsFrom(span, received, byId), "not below the message: " + span + "\n" + spans));
    // and no statement on the class ran outside this trace
    receiver.spans().stream().filter(span -> span.attributes().getOrDefault("db.query.text", "").contains("\"Traced\""))
        .forEach(span -> assertEquals(traceId, span.traceId(), "a statement of the function outside its trace: " + span));

    // the webhook got a traceparent of the same trace, naming the API node's client span as its parent
    assertEquals(1, hookTraceparents.size(), hookTraceparents.toString());
    String[] header = hookTraceparents.get(0).split("-");
    assertEquals(traceId, header[1], hookTraceparents.toString());
    ReceivedSpan call = byId.get(header[2]);
    assertEquals("SPAN_KIND_CLIENT", call.kind(), spans);
    assertEquals(api.id(), call.resource().get("service.instance.id"), spans);
  }

  @Test
  @DisplayName("no otel_endpoint: no tracer is installed, and a webhook called for a request carrying a traceparent gets none")
  void offByDefault() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    Node node = TestNodes.start(settings);
    try {
      assertNull(((VertxInternal) node.vertx()).tracer());
      Api master = Api.at(node.config().port()).asMaster();
      master.awaitReady();
      assertEquals(200, master.post("/parse/hooks/functions", new JsonObject().put("functionName", "untracedHook")
          .put("url", hookUrl())).status());
      Api.Response hooked = master.header("traceparent", "00-" + hex(16) + "-" + hex(8) + "-01")
          .post("/parse/functions/untracedHook", new JsonObject());
      assertEquals("hooked", hooked.json().getString("result"), hooked.text());
    } finally {
      node.stop();
    }
    assertEquals(List.of("none"), hookTraceparents);
  }

  private String hookUrl() {
    return "http://127.0.0.1:" + hookApp.getAddress().getPort() + "/hook";
  }

  private static ReceivedSpan root(ReceivedSpan span, Map<String, ReceivedSpan> byId) {
    ReceivedSpan at = span;
    while (byId.containsKey(at.parentSpanId())) {
      at = byId.get(at.parentSpanId());
    }
    return at;
  }

  private static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor, Map<String, ReceivedSpan> byId) {
    ReceivedSpan at = span;
    while (byId.containsKey(at.parentSpanId())) {
      at = byId.get(at.parentSpanId());
      if (at == ancestor) {
        return true;
      }
    }
    return false;
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
