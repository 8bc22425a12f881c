package dev.parsec.livequery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * LiveQuery triggers of {@link LiveQueryTriggerModule}, run by the worker of another node: the node
 * that holds the WebSockets serves the API only.
 */
@DisplayName("LiveQuery triggers: beforeConnect and beforeSubscribe refuse or narrow, afterEvent drops or changes events per subscriber")
class LiveQueryTriggersTest {

  private static Node api;
  private static Node worker;
  private static WebSocketClient sockets;

  @BeforeAll
  static void start() {
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(TestDatabases.fresh());
    cluster.get(0).putAll(Map.of("roles", "api", "livequery_classes", "LqRoom,LqPlain,LqSlow", "function_timeout", "3"));
    cluster.get(1).put("roles", "worker");
    worker = TestNodes.start(cluster.get(1));
    api = TestNodes.startReady(cluster.get(0));
    sockets = api.vertx().createWebSocketClient();
    awaitTriggersKnown();
  }

  /** Waits until the API node knows the worker's triggers: a refused installation is refused. */
  private static void awaitTriggersKnown() {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        WebSocket socket = open(received);
        socket.writeTextMessage(connect("lq-probe-refused").encode());
        Received.await(received, 1, 5_000);
        socket.close();
        if (received.get(0).getString("op").equals("error")) {
          return;
        }
        Thread.sleep(200);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the API node never learnt of the worker's triggers");
  }

  @AfterAll
  static void stop() {
    api.stop();
    worker.stop();
  }

  @Test
  @DisplayName("beforeConnect refuses one installation with Parse's error and no 'connected', and lets another through")
  void beforeConnectRefuses() throws Exception {
    List<JsonObject> refused = new CopyOnWriteArrayList<>();
    WebSocket socket = open(refused);
    socket.writeTextMessage(connect("lq-refused").encode());
    Received.await(refused, 1, 10_000);
    JsonObject error = refused.get(0);
    assertEquals("error", error.getString("op"), error.encode());
    assertEquals(141, error.getInteger("code"));
    assertEquals("this installation may not connect", error.getString("error"));
    assertFalse(error.containsKey("requestId"));
    socket.writeTextMessage(subscribe(1, "LqRoom", new JsonObject()).encode());
    Received.await(refused, 2, 10_000);
    assertEquals("error", refused.get(1).getString("op"), "never connected: " + refused);

    List<JsonObject> allowed = new CopyOnWriteArrayList<>();
    WebSocket other = connected(allowed, "lq-allowed");
    dev.parsec.cloud.Cloud.LiveQueryConnection seen = LiveQueryTriggerModule.CONNECTS.get("lq-allowed");
    assertNotNull(seen, "beforeConnect was asked");
    assertEquals(allowed.get(0).getString("clientId"), seen.clientId());
    assertEquals("127.0.0.1", seen.ip());
    assertFalse(seen.master());
    assertNull(seen.userId());
    socket.close();
    other.close();
  }

  @Test
  @DisplayName("a connection's messages are handled in the order sent: a subscribe and an unsubscribe sent at once after a connect its trigger checks")
  void messagesInOrder() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = open(received);
    socket.writeTextMessage(connect("lq-ordered").encode());
    socket.writeTextMessage(subscribe(1, "LqRoom", new JsonObject()).encode());
    socket.writeTextMessage(new JsonObject().put("op", "unsubscribe").put("requestId", 1).encode());
    Received.await(received, 3, 10_000);
    assertEquals(List.of("connected", "subscribed", "unsubscribed"), received.stream().map(m -> m.getString("op")).toList(),
        received.toString());
    socket.close();
  }

  @Test
  @DisplayName("beforeSubscribe refuses a query with an error naming its request, and narrows another: only matching events come")
  void beforeSubscribeRefusesAndNarrows() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = connected(received, "lq-subscriber");
    socket.writeTextMessage(subscribe(4, "LqRoom", new JsonObject().put("topic", "forbidden")).encode());
    Received.await(received, 2, 10_000);
    assertEquals(new JsonObject().put("op", "error").put("code", 141).put("error", "no forbidden topics")
        .put("reconnect", false).put("requestId", 4), received.get(1));

    socket.writeTextMessage(subscribe(5, "LqRoom", new JsonObject().put("topic", "narrow")).encode());
    Received.await(received, 3, 10_000);
    assertEquals("subscribed", received.get(2).getString("op"), received.toString());
    Api master = Api.at(api.config().port()).asMaster();
    for (int level : new int[] {1, 7, 3, 9}) {
      master.post("/parse/classes/LqRoom", new JsonObject().put("topic", "narrow").put("level", level));
    }
    Received.await(received, 5, 10_000);
    Thread.sleep(300);
    assertEquals(List.of(7, 9), received.subList(3, received.size()).stream()
        .map(event -> event.getJsonObject("object").getInteger("level")).toList(), received.toString());
    socket.close();
  }

  @Test
  @DisplayName("afterEvent drops the events of one subscriber, changes them for another (keys still apply), sends a third's unchanged, in order")
  void afterEventDropsAndChanges() throws Exception {
    JsonObject where = new JsonObject().put("topic", "events");
    List<JsonObject> dropped = new CopyOnWriteArrayList<>();
    WebSocket dropping = subscribed(dropped, "lq-drop", where, null);
    List<JsonObject> changed = new CopyOnWriteArrayList<>();
    WebSocket changing = subscribed(changed, "lq-change", where, new JsonArray().add("n").add("changedFor"));
    List<JsonObject> plain = new CopyOnWriteArrayList<>();
    WebSocket plainSocket = subscribed(plain, "lq-plain", where, null);

    Api master = Api.at(api.config().port()).asMaster();
    String id = master.post("/parse/classes/LqRoom", new JsonObject().put("topic", "events").put("n", 1)).json().getString("objectId");
    master.put("/parse/classes/LqRoom/" + id, new JsonObject().put("n", 13));
    int burst = 20;
    for (int n = 100; n < 100 + burst; n++) {
      master.put("/parse/classes/LqRoom/" + id, new JsonObject().put("n", n));
    }
    Received.await(plain, 2 + 2 + burst, 10_000);
    Received.await(changed, 2 + 2 + burst, 10_000);

    assertEquals("create", plain.get(2).getString("op"));
    assertEquals(1, plain.get(2).getJsonObject("object").getInteger("n"));
    assertFalse(plain.get(2).getJsonObject("object").containsKey("changedFor"));
    // a trigger that throws sends the subscriber an error with its request id instead of the event
    assertEquals(new JsonObject().put("op", "error").put("code", 141).put("error", "unlucky update").put("reconnect", false)
        .put("requestId", 1), plain.get(3));
    List<Integer> expected = java.util.stream.IntStream.range(100, 100 + burst).boxed().toList();
    assertEquals(expected, plain.subList(4, plain.size()).stream().map(event -> event.getJsonObject("object").getInteger("n")).toList());

    JsonObject created = changed.get(2).getJsonObject("object");
    assertEquals("1 create", created.getString("changedFor"));
    assertNull(created.getString("topic"), "the subscription's keys apply to what the trigger answered");
    assertNull(created.getString("secret"));
    assertEquals(id, created.getString("objectId"));
    assertEquals("1 update", changed.get(4).getJsonObject("object").getString("changedFor"));
    assertEquals(expected, changed.subList(4, changed.size()).stream().map(event -> event.getJsonObject("object").getInteger("n")).toList());

    Thread.sleep(300);
    assertEquals(2 + 1, dropped.size(), "only the error of n=13 reaches the subscriber whose events are dropped: " + dropped);
    assertEquals("error", dropped.get(2).getString("op"));
    dropping.close();
    changing.close();
    plainSocket.close();
  }

  @Test
  @DisplayName("a trigger that does not answer in time: the subscription is refused (124), the event replaced by a 124 error, later events keep coming")
  void triggersOutOfTime() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = connected(received, "lq-slow");
    socket.writeTextMessage(subscribe(2, "LqSlow", new JsonObject().put("topic", "slow")).encode());
    Received.await(received, 2, 10_000);
    assertEquals(new JsonObject().put("op", "error").put("code", 124)
        .put("error", "The beforeSubscribe LqSlow trigger did not answer in time.").put("reconnect", false).put("requestId", 2),
        received.get(1));

    socket.writeTextMessage(subscribe(3, "LqSlow", new JsonObject()).encode());
    Received.await(received, 3, 10_000);
    assertEquals("subscribed", received.get(2).getString("op"), received.toString());
    Api master = Api.at(api.config().port()).asMaster();
    master.post("/parse/classes/LqSlow", new JsonObject().put("slow", true).put("n", 1));
    master.post("/parse/classes/LqSlow", new JsonObject().put("n", 2));
    Received.await(received, 5, 10_000);
    assertEquals(new JsonObject().put("op", "error").put("code", 124)
        .put("error", "The afterEvent LqSlow trigger did not answer in time.").put("reconnect", false).put("requestId", 3),
        received.get(3));
    assertEquals(2, received.get(4).getJsonObject("object").getInteger("n"), "the next event comes after the late one's error");
    socket.close();
  }

  @Test
  @DisplayName("probe: 2,000 events answered by the trigger behind one late answer all arrive, in order, and the next one too")
  void eventsBehindALateAnswerAllArrive() throws Exception {
    int queued = 2_000;
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = connected(received, "lq-backlog");
    socket.writeTextMessage(subscribe(1, "LqSlow", new JsonObject().put("tag", "backlog")).encode());
    Received.await(received, 2, 10_000);
    assertEquals("subscribed", received.get(1).getString("op"), received.toString());
    // changes as the write path publishes them; the first one's trigger answers after function_timeout
    for (int i = 0; i <= queued + 1; i++) {
      if (i == queued + 1) {
        awaitCount(received, 3 + queued, 30_000);
      }
      api.vertx().eventBus().publish(dev.parsec.writes.ChangeFeed.ADDRESS, new JsonObject().put("className", "LqSlow")
          .put("op", "create").put("object", new JsonObject().put("objectId", "b" + i).put("n", i).put("slow", i == 0)
              .put("tag", "backlog").put("createdAt", "2026-01-01T00:00:00.000Z").put("updatedAt", "2026-01-01T00:00:00.000Z")));
    }
    awaitCount(received, 4 + queued, 10_000);
    assertEquals("error", received.get(2).getString("op"), "the late answer is an error, sent first");
    for (int i = 1; i <= queued + 1; i++) {
      assertEquals(i, received.get(2 + i).getJsonObject("object").getInteger("n"), "in the order they were made");
    }
    socket.close();
  }

  /** As Received.await, naming only how many came (thousands of events would make an unreadable message). */
  private static void awaitCount(List<JsonObject> received, int count, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (received.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(count, received.size(), "messages received (connected, subscribed, then events)");
  }

  @Test
  @DisplayName("a class without an afterEvent trigger is not held up by one: its events come as ever")
  void classWithoutTriggerIsUntouched() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = connected(received, "lq-untouched");
    socket.writeTextMessage(subscribe(1, "LqPlain", new JsonObject()).encode());
    Received.await(received, 2, 10_000);
    Api.at(api.config().port()).asMaster().post("/parse/classes/LqPlain", new JsonObject().put("n", 13));
    Received.await(received, 3, 10_000);
    assertEquals("create", received.get(2).getString("op"), received.toString());
    socket.close();
  }

  private static WebSocket subscribed(List<JsonObject> received, String installationId, JsonObject where, JsonArray keys)
      throws Exception {
    WebSocket socket = connected(received, installationId);
    JsonObject query = new JsonObject().put("className", "LqRoom").put("where", where);
    if (keys != null) {
      query.put("keys", keys);
    }
    socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1).put("query", query).encode());
    Received.await(received, 2, 10_000);
    assertEquals("subscribed", received.get(1).getString("op"), received.toString());
    return socket;
  }

  private static WebSocket connected(List<JsonObject> received, String installationId) throws Exception {
    WebSocket socket = open(received);
    socket.writeTextMessage(connect(installationId).encode());
    Received.await(received, 1, 10_000);
    assertEquals("connected", received.get(0).getString("op"), received.toString());
    return socket;
  }

  private static WebSocket open(List<JsonObject> received) throws Exception {
    WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(api.config().port())
        .setURI("/parse")).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    return socket;
  }

  private static JsonObject connect(String installationId) {
    return new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID).put("installationId", installationId);
  }

  private static JsonObject subscribe(int requestId, String className, JsonObject where) {
    return new JsonObject().put("op", "subscribe").put("requestId", requestId)
        .put("query", new JsonObject().put("className", className).put("where", where));
  }
}
