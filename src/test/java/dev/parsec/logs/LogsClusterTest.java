package dev.parsec.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parse Dashboard's Logs page: /scriptlog answers the recent lines of every node of the cluster, merged by time. */
@DisplayName("/scriptlog: recent info and error lines of every node, merged by time, as Parse Server answers them; master key only")
class LogsClusterTest {

  /** As a cloud code module logs. */
  private static final Logger CLOUD = LoggerFactory.getLogger("com.example.cloud.Orders");

  private static final String MAINTENANCE_KEY = "probe-maintenance-key-42";
  private static final String SMTP_PASSWORD = "smtp-password-not-for-logs";

  private static DatabaseUrl database;
  private static Node a;
  private static Node b;
  private static Api masterA;
  private static Api masterB;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    List<Node> nodes = TestNodes.startPair(database, Map.of("maintenance_key", MAINTENANCE_KEY,
        "smtp_host", "127.0.0.1", "smtp_password", SMTP_PASSWORD));
    a = nodes.get(0);
    b = nodes.get(1);
    masterA = Api.at(a.config().port()).asMaster();
    masterB = Api.at(b.config().port()).asMaster();
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {a, b}) {
      if (node != null) {
        node.stop();
      }
    }
  }

  /** Logs on one of the node's threads, as its cloud code would. */
  private static void logOn(Node node, Runnable log) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    node.vertx().runOnContext(v -> {
      log.run();
      done.complete(null);
    });
    done.get(5, TimeUnit.SECONDS);
  }

  private static List<String> messages(JsonArray lines, String tag) {
    return lines.stream().map(JsonObject.class::cast).map(line -> line.getString("message")).filter(m -> m.contains(tag)).toList();
  }

  @Test
  @DisplayName("lines logged on either node are answered by both, newest first; level=error answers errors only; order=asc and size apply")
  void mergedFromBothNodes() throws Exception {
    String tag = UUID.randomUUID().toString();
    long from = System.currentTimeMillis();
    logOn(a, () -> CLOUD.info("order placed on A {}", tag));
    Thread.sleep(20);
    logOn(b, () -> CLOUD.error("payment failed on B " + tag, new IllegalStateException("card declined")));
    Thread.sleep(20);
    logOn(a, () -> CLOUD.warn("stock low on A {}", tag));

    for (Api master : List.of(masterA, masterB)) {
      // as Parse Dashboard asks: level and n
      JsonArray lines = master.get("/parse/scriptlog", Map.of("level", "info", "n", "100")).jsonArray();
      assertEquals(List.of("stock low on A " + tag, "payment failed on B " + tag + " (java.lang.IllegalStateException: card declined)",
          "order placed on A " + tag), messages(lines, tag), "newest first, from both nodes");
      JsonObject error = lines.stream().map(JsonObject.class::cast).filter(l -> l.getString("message").startsWith("payment failed"))
          .findFirst().orElseThrow();
      assertEquals("error", error.getString("level"));
      assertFalse(Instant.parse(error.getString("timestamp")).isBefore(Instant.ofEpochMilli(from)));

      JsonArray errors = master.get("/parse/scriptlog", Map.of("level", "error", "size", "100")).jsonArray();
      assertEquals(1, messages(errors, tag).size(), errors.encode());
      assertTrue(errors.stream().map(JsonObject.class::cast).allMatch(l -> l.getString("level").equals("error")));

      JsonArray firstTwo = master.get("/parse/scriptlog", Map.of("order", "asc", "size", "2",
          "from", Instant.ofEpochMilli(from).toString())).jsonArray();
      assertEquals(List.of("order placed on A " + tag, "payment failed on B " + tag + " (java.lang.IllegalStateException: card declined)"),
          messages(firstTwo, tag));
    }
    JsonArray untilBefore = masterA.get("/parse/scriptlog", Map.of("until", String.valueOf(from - 1), "size", "1000")).jsonArray();
    assertTrue(messages(untilBefore, tag).isEmpty());
    assertTrue(masterA.get("/parse/scriptlog").jsonArray().size() <= 10, "10 lines at most by default");
    // each line is kept by the node it was logged on (the other node's answer brought it), not by the process
    assertTrue(LogRings.process().lines(line -> line.message().contains(tag)).isEmpty());
  }

  @Test
  @DisplayName("a job's start and end on a worker are logged there, and read from the other node")
  void jobLines() throws Exception {
    String id = masterA.post("/parse/jobs/count", new JsonObject().put("tag", "log-" + UUID.randomUUID()).put("steps", 1))
        .header("X-Parse-Job-Status-Id");
    long deadline = System.currentTimeMillis() + 20_000;
    List<String> found = List.of();
    while (System.currentTimeMillis() < deadline) {
      found = messages(masterB.get("/parse/scriptlog", Map.of("size", "1000")).jsonArray(), id);
      if (found.size() == 2) {
        break;
      }
      Thread.sleep(100);
    }
    // a one-step job may start and end within one millisecond: the order of equal times is not the point here
    assertEquals(java.util.Set.of("job count (" + id + ") succeeded", "job count (" + id + ") started"), java.util.Set.copyOf(found));
  }

  @Test
  @DisplayName("secrets are masked: a line that holds the master key, the maintenance key or the SMTP password is kept without it")
  void secretsMasked() throws Exception {
    String tag = UUID.randomUUID().toString();
    logOn(b, () -> CLOUD.info("careless {} key={} maintenance={} smtp={}", tag, TestNodes.MASTER_KEY, MAINTENANCE_KEY, SMTP_PASSWORD));
    List<String> found = messages(masterA.get("/parse/scriptlog", Map.of("size", "1000")).jsonArray(), tag);
    assertEquals(List.of("careless " + tag + " key=******** maintenance=******** smtp=********"), found);
    String all = masterA.get("/parse/scriptlog", Map.of("size", "1000")).text();
    for (String secret : List.of(TestNodes.MASTER_KEY, MAINTENANCE_KEY, SMTP_PASSWORD)) {
      assertFalse(all.contains(secret), secret);
    }
  }

  @Test
  @DisplayName("a member that does not answer is left out once the 2 s timeout passes; the others' lines are answered")
  void silentMemberLeftOut() throws Exception {
    // a third member of the cluster that takes the question and never answers (a node hung in a long GC, say)
    java.util.Map<String, String> settings = TestNodes.settings(database);
    int port = TestNodes.freePort();
    settings.put("cluster_port", String.valueOf(port));
    settings.put("cluster_members", "127.0.0.1:" + a.config().clusterPort() + ",127.0.0.1:" + b.config().clusterPort()
        + ",127.0.0.1:" + port);
    dev.parsec.config.ParsecConfig config = dev.parsec.config.ConfigLoader.fromValues(settings);
    io.vertx.core.Vertx silent = io.vertx.core.Vertx.builder()
        .with(new io.vertx.core.VertxOptions().setEventBusOptions(new io.vertx.core.eventbus.EventBusOptions()
            .setHost("127.0.0.1").setClusterPublicHost("127.0.0.1")))
        .withClusterManager(dev.parsec.cluster.ClusterSetup.clusterManager(config)).buildClustered().await();
    try {
      String self = ((io.vertx.core.internal.VertxInternal) silent).clusterManager().getNodeId();
      silent.eventBus().consumer(NodeLogs.ADDRESS + self, message -> { }).completion().await();
      long deadline = System.currentTimeMillis() + 20_000;
      while (a.clusterSize() < 3 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(3, a.clusterSize());
      String tag = UUID.randomUUID().toString();
      logOn(a, () -> CLOUD.info("still here on A {}", tag));
      logOn(b, () -> CLOUD.info("still here on B {}", tag));
      long asked = System.currentTimeMillis();
      Api.Response answer = masterA.get("/parse/scriptlog", Map.of("size", "1000"));
      long took = System.currentTimeMillis() - asked;
      assertEquals(200, answer.status(), answer.text());
      // logged within the same millisecond perhaps, so in either order
      assertEquals(java.util.Set.of("still here on B " + tag, "still here on A " + tag),
          java.util.Set.copyOf(messages(answer.jsonArray(), tag)));
      assertTrue(took >= 1_900 && took < 10_000, "answered after the timeout: " + took + " ms");
    } finally {
      silent.close().await();
    }
  }

  @Test
  @DisplayName("a client without the master key is refused, as Parse Server (403 unauthorized)")
  void masterOnly() {
    Api.Response refused = Api.at(a.config().port()).get("/parse/scriptlog");
    assertEquals(403, refused.status());
    assertEquals("unauthorized: master key is required", refused.json().getString("error"));
  }
}
