package dev.parsec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.push.PushFixture;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (conf/grafana-dashboard.json, provisioned by deploy/docker-compose.yml) and the alert rules
 * (conf/alerts.yml) use only metrics that a running node's /metrics really exposes, once it has served the kinds of
 * work each panel shows; and the subsystems' own metrics count that work.
 */
@DisplayName("The Grafana dashboard and the alert rules use metrics a running node exposes, and they count what happened")
class DashboardMetricsTest {

  static final Path DASHBOARD = Path.of("conf", "grafana-dashboard.json");
  /** Series Prometheus itself makes for every target. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds");
  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "bool", "offset", "and", "or", "unless", "inf", "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

  /** /metrics of a node after the work, and the metric names on it. */
  private static String metrics;
  /** The event loop the work blocked for 1 s, and how many of its ticks ran over 500 ms late meanwhile. */
  private static String blockedLoop;
  private static double blockedLateTicks;
  private static Set<String> exposed;

  @BeforeAll
  static void work() throws Exception {
    metrics = metricsAfterWork();
    Files.writeString(Path.of("target", "metrics-sample.txt"), metrics);
    exposed = new TreeSet<>();
    metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
        .forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
    Files.writeString(Path.of("target", "metrics-exposed.txt"), String.join("\n", exposed) + "\n");
  }

  @Test
  @DisplayName("every metric the dashboard's panels and variables query is on /metrics of a node that has served requests, LiveQuery, the cache, a job, a push, a rate-limit refusal and a replay")
  void everyQueriedMetricIsExposed() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    List<String> queries = queries(dashboard);
    assertTrue(queries.size() > 20, "the dashboard's queries: " + queries);
    Set<String> queried = new TreeSet<>();
    queries.forEach(query -> queried.addAll(metricNames(query)));

    assertEquals(Set.of(), missing(queried), "queried by the dashboard but not on /metrics (all exposed: target/metrics-exposed.txt)");
    for (String area : List.of("vertx_http_server_requests_total", "vertx_http_server_response_time_seconds_bucket",
        "vertx_http_server_active_ws_connections", "vertx_pool_in_use", "vertx_pool_queue_pending", "parsec_cache_hits_total",
        "vertx_eventbus_published_total", "vertx_sql_processing_time_seconds_bucket", "parsec_eventloop_delay_seconds_bucket",
        "parsec_ready", "parsec_ready_check", "parsec_redis_circuit_breakers", "parsec_cache_suspended",
        "parsec_livequery_connections", "parsec_livequery_subscriptions", "parsec_livequery_events_sent_total",
        "parsec_livequery_slow_consumers_dropped_total", "parsec_jobs_pending", "parsec_jobs_oldest_pending_age_seconds",
        "parsec_push_notifications_total", "parsec_ratelimit_refusals_total", "parsec_idempotency_replays_total")) {
      assertTrue(queried.contains(area), "the dashboard shows " + area);
    }
  }

  @Test
  @DisplayName("every metric an alert rule of conf/alerts.yml uses is on that node's /metrics")
  void everyAlertedMetricIsExposed() throws Exception {
    Set<String> used = new TreeSet<>();
    List<JsonObject> rules = DeployToolsTest.alertingRules();
    assertTrue(rules.size() >= 12, rules.toString());
    rules.forEach(rule -> used.addAll(metricNames(rule.getString("expr"))));
    assertTrue(used.containsAll(List.of("up", "parsec_ready", "parsec_eventloop_delay_seconds_sum", "vertx_pool_queue_pending",
        "parsec_ready_check", "parsec_redis_circuit_breakers", "parsec_livequery_slow_consumers_dropped_total",
        "parsec_jobs_oldest_pending_age_seconds", "parsec_push_notifications_total", "jvm_memory_max_bytes")), used.toString());
    assertEquals(Set.of(), missing(used), "used by conf/alerts.yml but not on /metrics (all exposed: target/metrics-exposed.txt)");
  }

  @Test
  @DisplayName("the subsystems' metrics count the work: LiveQuery connection, subscription and events, the 429, the replay, the push, the cache hit, readiness, a job waiting 5 minutes, a loop blocked for 1 s")
  void metricsCountTheWork() {
    assertEquals(1, value("parsec_livequery_connections"), "the open WebSocket");
    assertEquals(1, value("parsec_livequery_subscriptions"), "its one subscription");
    assertTrue(value("parsec_livequery_events_sent_total") >= 1, "the create's event was sent");
    assertEquals(1, value("parsec_ratelimit_refusals_total", "kind=\"api\"", "rule=\"GET /classes/Limited 1/60000ms ip\""), "the one 429");
    assertEquals(1, value("parsec_idempotency_replays_total"), "the one retry answered from its record");
    assertEquals(1, value("parsec_push_notifications_total", "device_type=\"ios\"", "result=\"sent\""), "the push to the one iPhone");
    assertEquals(1, value("parsec_push_notifications_total", "result=\"failed\""), "the fridge's, as other");
    assertEquals(1, value("parsec_push_notifications_total", "device_type=\"other\"", "result=\"failed\""));
    assertFalse(metrics.contains("device_type=\"fridge\""));
    assertTrue(value("parsec_cache_hits_total") >= 1, "the second get by id came from Redis");
    assertEquals(1, value("parsec_ready"));
    assertEquals(1, value("parsec_ready_check", "check=\"redis\""));
    assertEquals(1, value("parsec_ready_check", "check=\"postgresql\""));
    assertEquals(0, value("parsec_redis_circuit_breakers", "state=\"open\""));
    assertTrue(value("parsec_redis_circuit_breakers", "state=\"closed\"") >= 2, "one breaker per event loop's cache");
    assertEquals(0, value("parsec_cache_suspended"));
    // the job ran; the one no worker has waits, created 5 minutes before
    assertEquals(1, value("parsec_jobs_pending"));
    assertEquals(0, value("parsec_jobs_running"));
    double age = value("parsec_jobs_oldest_pending_age_seconds");
    assertTrue(age >= 300 && age < 400, "the waiting job's age: " + age);
    long loops = metrics.lines().filter(line -> line.startsWith("parsec_eventloop_delay_seconds_count{")).count();
    assertTrue(loops >= 2, "every event loop is measured:\n" + metrics);
    assertTrue(value("parsec_eventloop_delay_seconds_count") >= loops, "each loop measured at least once");
    // a task due while the loop was blocked for 1 s ran at least 900 ms late
    assertTrue(blockedLateTicks >= 1, blockedLoop + " was measured over 500 ms late while blocked");
  }

  /** How many of a loop's ticks ran more than 500 ms late. */
  private static double lateTicks(String metrics, String loop) {
    String label = "loop=\"" + loop + "\"";
    return Metrics.sum(metrics, "parsec_eventloop_delay_seconds_count", label)
        - Metrics.sum(metrics, "parsec_eventloop_delay_seconds_bucket", label, "le=\"0.5\"");
  }

  private static double value(String name, String... labels) {
    return Metrics.sum(metrics, name, labels);
  }

  private static Set<String> missing(Set<String> used) {
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(exposed);
    missing.removeAll(PROMETHEUS_SERIES);
    return missing;
  }

  @Test
  @DisplayName("the dashboard names its data source by a variable (so file provisioning and import both work) and every panel uses it")
  void dataSourceIsAVariable() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    assertFalse(dashboard.containsKey("__inputs"), "__inputs are filled in by import only, never by provisioning");
    JsonObject variable = dashboard.getJsonObject("templating").getJsonArray("list").stream().map(JsonObject.class::cast)
        .filter(v -> "datasource".equals(v.getString("type"))).findFirst().orElseThrow();
    assertEquals("prometheus", variable.getString("query"));
    List<String> sources = new ArrayList<>();
    collect(dashboard.getValue("panels"), "datasource", sources);
    collect(dashboard.getJsonObject("templating"), "datasource", sources);
    assertTrue(sources.size() > 20, sources.toString());
    for (String source : sources) {
      assertTrue(source.contains("\"uid\":\"${" + variable.getString("name") + "}\""), "a panel or query uses " + source);
    }
  }

  @Test
  @DisplayName("the dashboard's panels do not overlap and have unique ids")
  void panelsDoNotOverlap() throws Exception {
    JsonArray panels = new JsonObject(Files.readString(DASHBOARD)).getJsonArray("panels");
    Set<Integer> ids = new TreeSet<>();
    Set<String> cells = new TreeSet<>();
    for (Object each : panels) {
      JsonObject panel = (JsonObject) each;
      assertTrue(ids.add(panel.getInteger("id")), "id " + panel.getInteger("id") + " is unique");
      JsonObject at = panel.getJsonObject("gridPos");
      assertTrue(at.getInteger("x") + at.getInteger("w") <= 24, panel.getString("title"));
      for (int x = at.getInteger("x"); x < at.getInteger("x") + at.getInteger("w"); x++) {
        for (int y = at.getInteger("y"); y < at.getInteger("y") + at.getInteger("h"); y++) {
          assertTrue(cells.add(x + "," + y), panel.getString("title") + " overlaps another panel at " + x + "," + y);
        }
      }
    }
  }

  @Test
  @DisplayName("the check reads metric names out of PromQL, not functions, labels, strings or numbers")
  void metricNamesOfAQuery() {
    assertEquals(Set.of("http_bucket", "hits_total", "up"), metricNames(
        "histogram_quantile(0.99, sum by (le, route) (rate(http_bucket{job=~\"$job\", code=~\"5..\"}[$__rate_interval])))"
            + " / clamp_min(sum without (instance) (hits_total offset 5m), 1e-9) and on (job) up == 1"));
    assertEquals(Set.of("jvm_memory_used_bytes"), metricNames("label_values(jvm_memory_used_bytes{job=~\"$job\"}, instance)"));
    assertEquals(Set.of("a_seconds_sum", "b"), metricNames("max by (instance) (max_over_time(a_seconds_sum[1m]))\n  > 0.05 and b > 10"));
  }

  /**
   * Starts a node with Redis, LiveQuery, a rate limit, idempotency and push (to local stand-ins for FCM and APNs),
   * sends it the work whose metrics the dashboard shows, and reads /metrics.
   */
  private static String metricsAfterWork() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    PushFixture push = new PushFixture();
    Map<String, String> settings = push.settings(database);
    settings.put("redis_url", TestRedis.url());
    settings.put("livequery_classes", "Room");
    settings.put("job_poll_interval", "1");
    settings.put("rate_limit", "GET /classes/Limited 1/1m");
    settings.put("idempotency_ttl", "60");
    Node node = TestNodes.startReady(settings);
    WebSocketClient sockets = node.vertx().createWebSocketClient();
    try {
      Api api = Api.at(node.config().port()).asMaster();
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.config().port())
          .setURI("/parse")).await(10, TimeUnit.SECONDS);
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID).encode());
      Received.await(received, 1, 10_000);
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
          .put("query", new JsonObject().put("className", "Room").put("where", new JsonObject())).encode());
      Received.await(received, 2, 10_000);
      // created once, then retried with the same request id: the retry is answered from the record
      Api retrying = api.header("X-Parse-Request-Id", UUID.randomUUID().toString());
      String id = retrying.post("/parse/classes/Room", new JsonObject().put("n", 1)).json().getString("objectId");
      assertEquals(id, retrying.post("/parse/classes/Room", new JsonObject().put("n", 1)).json().getString("objectId"));
      Received.await(received, 3, 10_000);
      api.get("/parse/classes/Room/" + id);
      api.get("/parse/classes/Room/" + id);
      api.get("/parse/classes/Room");
      api.get("/parse/classes/Room/nosuchobject");
      // the rate limit exempts the master key: a client call, twice in its minute
      Api client = Api.at(node.config().port());
      assertEquals(200, client.get("/parse/classes/Limited").status());
      assertEquals(429, client.get("/parse/classes/Limited").status());
      Api.Response job = api.post("/parse/jobs/count", new JsonObject().put("tag", "metrics").put("steps", 5));
      assertEquals(202, job.status(), job.text());
      String status = job.header("X-Parse-Job-Status-Id");
      // a get by id, with the object cache on, while the job runs and after: the job runner's own status
      // updates (beside the write path) must show
      String state = null;
      for (int i = 0; i < 100 && !"succeeded".equals(state); i++) {
        Thread.sleep(100);
        state = api.get("/parse/classes/_JobStatus/" + status).json().getString("status");
      }
      assertEquals("succeeded", state, "the job ran");
      // a job no worker has, waiting for 5 minutes: the queue's gauges show it once sampled (every 10 s)
      TestDatabases.execute(database, "INSERT INTO \"_JobStatus\" (\"objectId\", \"createdAt\", \"updatedAt\", \"_rperm\","
          + " \"_wperm\", \"jobName\", \"source\", \"status\") VALUES ('waitingjob', now() - interval '300 seconds', now(), '{}', '{}',"
          + " 'nobodyRunsThis', 'api', 'pending')");
      // an event loop blocked for 1 s (on purpose, to show the measure): its delay shows it, read just before and after
      String before = Metrics.of(node);
      Context loop = ((VertxInternal) node.vertx()).createEventLoopContext();
      CompletableFuture<String> blocked = new CompletableFuture<>();
      loop.runOnContext(v -> {
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        blocked.complete(Thread.currentThread().getName());
      });
      blockedLoop = blocked.get(10, TimeUnit.SECONDS);
      Thread.sleep(300); // the late tick is recorded when it runs, right after the block
      blockedLateTicks = lateTicks(Metrics.of(node), blockedLoop) - lateTicks(before, blockedLoop);
      // a push to one iPhone, through the local APNs, and to a device of a type no service sends to (a client sets
      // the type: counted as other, so clients cannot add series)
      assertEquals(201, api.post("/parse/installations", new JsonObject().put("installationId", UUID.randomUUID().toString())
          .put("deviceType", "ios").put("deviceToken", String.format("%064x", 0xA11CE000L))).status());
      assertEquals(201, api.post("/parse/installations", new JsonObject().put("installationId", UUID.randomUUID().toString())
          .put("deviceType", "fridge").put("deviceToken", "fridge-token")).status());
      Api.Response sent = api.post("/parse/push", new JsonObject().put("where", new JsonObject())
          .put("data", new JsonObject().put("alert", "metrics")));
      assertEquals(200, sent.status(), sent.text());
      // the GC pause timer appears with the first collection after the node's registry was made, recorded
      // when the JVM's notification of it arrives; the panel queries it, so one collection is part of the work
      // (a long-running node has had many). The push is counted once sent; the job queue sampled after the job.
      System.gc();
      Thread.sleep(10_500);
      String text = Metrics.of(node);
      for (int i = 0; i < 100 && !(text.contains("jvm_gc_pause_seconds_sum")
          && text.contains("parsec_push_notifications_total{device_type=\"ios\",result=\"sent\"} 1.0")
          && text.contains("parsec_push_notifications_total{device_type=\"other\",result=\"failed\"} 1.0")); i++) {
        Thread.sleep(100);
        text = Metrics.of(node);
      }
      socket.close();
      return text;
    } finally {
      sockets.close();
      node.stop();
      push.close();
    }
  }

  /** Every PromQL expression of the panels' targets and the query variables. */
  static List<String> queries(JsonObject dashboard) {
    List<String> queries = new ArrayList<>();
    collect(dashboard.getValue("panels"), "expr", queries);
    for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
      JsonObject v = (JsonObject) variable;
      if ("query".equals(v.getString("type"))) {
        queries.add(v.getString("definition"));
      }
    }
    return queries;
  }

  /** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or strings. */
  static Set<String> metricNames(String query) {
    String bare = query
        .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")   // strings
        .replaceAll("\\{[^}]*}", "")                     // label matchers
        .replaceAll("\\[[^]]*]", "")                     // ranges
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", ""); // label lists
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String word = m.group();
      int next = m.end();
      while (next < bare.length() && bare.charAt(next) == ' ') {
        next++;
      }
      boolean function = next < bare.length() && bare.charAt(next) == '(';
      boolean variable = m.start() > 0 && bare.charAt(m.start() - 1) == '$';
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!function && !variable && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    // label_values(metric, label): the label is not a metric
    Matcher labelValues = Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,\\s*([A-Za-z_]+)\\s*\\)").matcher(bare);
    while (labelValues.find()) {
      names.remove(labelValues.group(2));
    }
    return names;
  }

  static void collect(Object node, String key, List<String> into) {
    if (node instanceof JsonObject object) {
      object.forEach(entry -> {
        if (entry.getKey().equals(key)) {
          into.add(entry.getValue() instanceof String text ? text : String.valueOf(entry.getValue()));
        } else {
          collect(entry.getValue(), key, into);
        }
      });
    } else if (node instanceof JsonArray array) {
      array.forEach(item -> collect(item, key, into));
    }
  }
}
