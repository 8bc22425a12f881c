package dev.parsec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (conf/grafana-dashboard.json, provisioned by deploy/docker-compose.yml) queries only
 * metrics that a running node's /metrics really exposes, once it has served the kinds of work each panel shows.
 */
@DisplayName("The Grafana dashboard queries metrics a running node exposes")
class DashboardMetricsTest {

  static final Path DASHBOARD = Path.of("conf", "grafana-dashboard.json");
  /** Series Prometheus itself makes for every target. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds");
  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "bool", "offset", "and", "or", "unless", "inf", "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

  @Test
  @DisplayName("every metric the dashboard's panels and variables query is on /metrics of a node that has served requests, LiveQuery, the cache and a job")
  void everyQueriedMetricIsExposed() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    List<String> queries = queries(dashboard);
    assertTrue(queries.size() > 20, "the dashboard's queries: " + queries);
    Set<String> queried = new TreeSet<>();
    queries.forEach(query -> queried.addAll(metricNames(query)));

    Set<String> exposed = exposedAfterWork();
    Files.writeString(Path.of("target", "metrics-exposed.txt"), String.join("\n", exposed) + "\n");
    Set<String> missing = new TreeSet<>(queried);
    missing.removeAll(exposed);
    missing.removeAll(PROMETHEUS_SERIES);
    assertEquals(Set.of(), missing, "queried by the dashboard but not on /metrics (all exposed: target/metrics-exposed.txt)");
    for (String area : List.of("vertx_http_server_requests_total", "vertx_http_server_response_time_seconds_bucket",
        "vertx_http_server_active_ws_connections", "vertx_pool_in_use", "parsec_cache_hits_total", "vertx_eventbus_published_total", "vertx_sql_processing_time_seconds_bucket")) {
      assertTrue(queried.contains(area), "the dashboard shows " + area);
    }
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
  @DisplayName("the check reads metric names out of PromQL, not functions, labels, strings or numbers")
  void metricNamesOfAQuery() {
    assertEquals(Set.of("http_bucket", "hits_total", "up"), metricNames(
        "histogram_quantile(0.99, sum by (le, route) (rate(http_bucket{job=~\"$job\", code=~\"5..\"}[$__rate_interval])))"
            + " / clamp_min(sum without (instance) (hits_total offset 5m), 1e-9) and on (job) up == 1"));
    assertEquals(Set.of("jvm_memory_used_bytes"), metricNames("label_values(jvm_memory_used_bytes{job=~\"$job\"}, instance)"));
  }

  /** Starts a node with Redis, sends it the work whose metrics the dashboard shows, and reads /metrics. */
  private static Set<String> exposedAfterWork() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("redis_url", TestRedis.url());
    settings.put("livequery_classes", "Room");
    settings.put("job_poll_interval", "1");
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
      String id = api.post("/parse/classes/Room", new JsonObject().put("n", 1)).json().getString("objectId");
      Received.await(received, 3, 10_000);
      api.get("/parse/classes/Room/" + id);
      api.get("/parse/classes/Room/" + id);
      api.get("/parse/classes/Room");
      api.get("/parse/classes/Room/nosuchobject");
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
      // the GC pause timer appears with the first collection after the node's registry was made, recorded
      // when the JVM's notification of it arrives; the panel queries it, so one collection is part of the work
      // (a long-running node has had many)
      System.gc();
      String metrics = Api.at(node.config().port()).get("/metrics").text();
      for (int i = 0; i < 50 && !metrics.contains("jvm_gc_pause_seconds_sum"); i++) {
        Thread.sleep(100);
        metrics = Api.at(node.config().port()).get("/metrics").text();
      }
      Files.writeString(Path.of("target", "metrics-sample.txt"), metrics);
      Set<String> names = new TreeSet<>();
      metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
          .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
      socket.close();
      return names;
    } finally {
      sockets.close();
      node.stop();
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

  private static void collect(Object node, String key, List<String> into) {
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
