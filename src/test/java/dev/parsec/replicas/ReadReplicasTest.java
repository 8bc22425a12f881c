package dev.parsec.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.json.JsonObject;
import dev.parsec.support.Received;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * database_replica_urls against a real streaming replica that the test makes of its own primary, read
 * by a two-node cluster. Pausing the replica's replay makes its lag visible: what a caller reads from
 * it is older than the primary, except what the caller wrote itself.
 */
@DisplayName("Read replicas: reads from a streaming replica, a caller reads its own writes on every node, a lagging or stopped replica is skipped")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicasTest {

  private static final String DATABASE = "replicated";
  private static final int MAX_LAG_SECONDS = 5;

  private static StreamingReplica pg;
  private static List<Node> nodes;
  private static int one;
  private static int two;
  private static String replicaName;
  private static String writer;
  private static String reader;

  @BeforeAll
  static void start() {
    pg = StreamingReplica.start(DATABASE);
    var replica = pg.replica(DATABASE);
    replicaName = "127.0.0.1:" + replica.port() + "/" + DATABASE;
    nodes = TestNodes.startPair(pg.primary(DATABASE), Map.of(
        "database_replica_urls", "postgres://postgres@127.0.0.1:" + replica.port() + "/" + DATABASE + "?application_name=parsec-replica",
        "database_replica_max_lag", String.valueOf(MAX_LAG_SECONDS), "livequery_classes", "Comment"));
    one = nodes.get(0).config().port();
    two = nodes.get(1).config().port();
    writer = TestUsers.signUp(one);
    reader = TestUsers.signUp(one);
    assertEquals(201, Api.at(one).asMaster().post("/parse/classes/Note", new JsonObject().put("text", "first")).status());
    awaitReplicaCaughtUp();
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.forEach(Node::stop);
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("replay paused: another caller does not see a new object (its reads come from the replica), the writer sees it at once on both nodes; replay resumed: everyone does")
  void readYourOwnWrites() {
    assertTrue(pg.streaming(), "the replica streams from the primary");
    double replicaReadsBefore = metric(one, "parsec_db_reads_total", "target=\"replica\"");
    pg.pauseReplay();
    try {
      Api.Response created = as(one, writer).post("/parse/classes/Note", new JsonObject().put("text", "while paused"));
      assertEquals(201, created.status(), created.text());
      String id = created.json().getString("objectId");
      Map<String, String> query = Map.of("where", "{\"text\":\"while paused\"}", "count", "1");

      // the writer, on the node it wrote through and on the other one
      assertEquals(1, as(one, writer).get("/parse/classes/Note", query).json().getInteger("count"));
      Api.Response onTwo = as(two, writer).get("/parse/classes/Note", query);
      assertEquals(1, onTwo.json().getJsonArray("results").size(), onTwo.text());
      assertEquals(200, as(two, writer).get("/parse/classes/Note/" + id).status());

      // another caller reads the replica, which has not replayed the write
      Api.Response other = as(one, reader).get("/parse/classes/Note", query);
      assertEquals(0, other.json().getInteger("count"), other.text());
      assertEquals(0, as(two, reader).get("/parse/classes/Note", query).json().getJsonArray("results").size());
      assertEquals(404, as(two, reader).get("/parse/classes/Note/" + id).status());
      assertEquals(1, Api.at(one).get("/parse/classes/Note", Map.of("count", "1", "limit", "0")).json().getInteger("count"),
          "a caller with no session reads the replica too: only the object written before the pause");
      Api.Response distinct = Api.at(two).asMaster().get("/parse/aggregate/Note", Map.of("distinct", "text"));
      assertEquals(List.of("first"), distinct.json().getJsonArray("results").getList(), "aggregate reads the replica");
      // a class created since the pause has no table on the replica yet: that read is asked of the primary
      assertEquals(201, Api.at(one).asMaster().post("/parse/classes/Fresh", new JsonObject().put("n", 1)).status());
      Api.Response fresh = as(two, reader).get("/parse/classes/Fresh");
      assertEquals(200, fresh.status(), fresh.text());
      assertEquals(1, fresh.json().getJsonArray("results").size(), fresh.text());
      assertEquals(Set.of("first", "while paused"), Set.copyOf(Api.at(two).asMaster().get("/parse/aggregate/Note",
          Map.of("distinct", "text")).json().getJsonArray("results").getList()), "once the master key wrote, its reads see the primary");
      assertTrue(metric(one, "parsec_db_reads_total", "target=\"replica\"") > replicaReadsBefore, "reads counted as the replica's");
      assertTrue(metric(one, "parsec_db_reads_total", "target=\"primary\"") > 0, "the writer's reads counted as the primary's");
      await(() -> metric(one, "parsec_db_replica_lag_bytes", replicaName) > 0, "the replica's lag in bytes shows on /metrics");
    } finally {
      pg.resumeReplay();
    }
    await(() -> as(one, reader).get("/parse/classes/Note", Map.of("where", "{\"text\":\"while paused\"}"))
        .json().getJsonArray("results").size() == 1, "the other caller sees the object once replayed");
    assertEquals(1, as(two, reader).get("/parse/classes/Note", Map.of("where", "{\"text\":\"while paused\"}"))
        .json().getJsonArray("results").size());
  }

  @Test
  @Order(2)
  @DisplayName("LiveQuery's $inQuery check of an event reads a replica that has replayed the event's write; with replay paused, the primary")
  void liveQueryChecksNeverReadOlderThanTheEvent() throws Exception {
    awaitReplicaCaughtUp();
    WebSocketClient client = nodes.get(0).vertx().createWebSocketClient();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(one).setURI("/parse"))
        .await(10, TimeUnit.SECONDS);
    try {
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID).encode());
      Received.await(received, 1, 10_000);
      JsonObject published = new JsonObject().put("post", new JsonObject().put("$inQuery",
          new JsonObject().put("className", "Post").put("where", new JsonObject().put("published", true))));
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
          .put("query", new JsonObject().put("className", "Comment").put("where", published)).encode());
      Received.await(received, 2, 10_000);
      assertEquals("subscribed", received.get(1).getString("op"), received.toString());

      // replay running: the check waits for the replica to replay past the event, then asks it
      double fromReplica = metric(one, "parsec_db_reads_total", "target=\"replica\"");
      comment(postPublished(), "first");
      Received.await(received, 3, 10_000);
      assertEquals("first", received.get(2).getJsonObject("object").getString("text"), received.toString());
      assertTrue(metric(one, "parsec_db_reads_total", "target=\"replica\"") > fromReplica, "the check read the replica");

      // replay paused: the replica never holds the new post, so only the primary can match the comment
      pg.pauseReplay();
      try {
        double fromPrimary = metric(one, "parsec_db_reads_total", "target=\"primary\"");
        comment(postPublished(), "second");
        Received.await(received, 4, 10_000);
        assertEquals("second", received.get(3).getJsonObject("object").getString("text"), received.toString());
        assertTrue(metric(one, "parsec_db_reads_total", "target=\"primary\"") > fromPrimary, "the check read the primary");
      } finally {
        pg.resumeReplay();
      }
    } finally {
      socket.close();
      client.close();
    }
  }

  /** A published Post, written through the other node; its id. */
  private static String postPublished() {
    Api.Response post = Api.at(two).asMaster().post("/parse/classes/Post", new JsonObject().put("published", true));
    assertEquals(201, post.status(), post.text());
    return post.json().getString("objectId");
  }

  private static void comment(String postId, String text) {
    JsonObject pointer = new JsonObject().put("__type", "Pointer").put("className", "Post").put("objectId", postId);
    Api.Response comment = Api.at(two).asMaster().post("/parse/classes/Comment", new JsonObject().put("post", pointer).put("text", text));
    assertEquals(201, comment.status(), comment.text());
  }

  @Test
  @Order(3)
  @DisplayName("a replica further behind than database_replica_max_lag is skipped: every caller reads the primary until it catches up")
  void laggingReplicaIsSkipped() {
    awaitReplicaCaughtUp();
    pg.pauseReplay();
    long paused = System.nanoTime();
    try {
      assertEquals(201, as(one, writer).post("/parse/classes/Note", new JsonObject().put("text", "late")).status());
      Map<String, String> query = Map.of("where", "{\"text\":\"late\"}");
      await(() -> as(one, reader).get("/parse/classes/Note", query).json().getJsonArray("results").size() == 1,
          "the other caller reads the primary once the replica lags too far");
      assertTrue(System.nanoTime() - paused >= (MAX_LAG_SECONDS - 1) * 1_000_000_000L, "not before the replica lags");
      assertEquals(0, metric(one, "parsec_db_replica_usable", replicaName));
      assertTrue(metric(one, "parsec_db_replica_lag_seconds", replicaName) > MAX_LAG_SECONDS);
    } finally {
      pg.resumeReplay();
    }
    await(() -> metric(one, "parsec_db_replica_usable", replicaName) == 1, "the replica is used again once caught up");
  }

  @Test
  @Order(4)
  @DisplayName("the replica stopped: reads still answer, from the primary, and writes still work")
  void stoppedReplica() {
    awaitReplicaCaughtUp();
    pg.stopReplica();
    Map<String, String> all = Map.of("count", "1", "limit", "0");
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      Api.Response found = as(two, reader).get("/parse/classes/Note", all);
      assertEquals(200, found.status(), found.text());
      assertEquals(3, found.json().getInteger("count"));
    }
    await(() -> metric(one, "parsec_db_replica_usable", replicaName) == 0, "the stopped replica is marked unusable");
    assertEquals(201, as(one, writer).post("/parse/classes/Note", new JsonObject().put("text", "after")).status());
    assertEquals(4, as(two, reader).get("/parse/classes/Note", all).json().getInteger("count"));
  }

  private static Api as(int port, String session) {
    return Api.at(port).header("X-Parse-Session-Token", session);
  }

  /** Waits until the replica has replayed everything the primary holds, and the nodes have seen it. */
  private static void awaitReplicaCaughtUp() {
    String primaryLsn = StreamingReplica.sql(pg.primary(DATABASE).port(), "SELECT pg_current_wal_insert_lsn()::text");
    await(() -> "t".equals(StreamingReplica.sql(pg.replica(DATABASE).port(),
        "SELECT pg_last_wal_replay_lsn() >= '" + primaryLsn + "'::pg_lsn")), "the replica replays the primary's WAL");
    await(() -> metric(one, "parsec_db_replica_usable", replicaName) == 1
        && metric(two, "parsec_db_replica_usable", replicaName) == 1, "both nodes use the replica");
    StreamingReplica.sleep(3 * ReplicaWatch.INTERVAL_MS);
  }

  /** The sum of a metric's lines on /metrics whose labels hold the given text. */
  private static double metric(int port, String name, String labels) {
    double sum = 0;
    for (String line : Api.at(port).get("/metrics").text().split("\n")) {
      if (line.startsWith(name + "{") && line.contains(labels)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      StreamingReplica.sleep(50);
    }
  }
}
