package dev.parsec.livequery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LiveQuery across the cluster: a write on one node reaches subscribers on the other, once")
class LiveQueryClusterTest {

  private static Node subscriberNode;
  private static Node writerNode;
  /** Held for the whole class: Vert.x closes a client (and its sockets) once it is unreachable. */
  private static WebSocketClient sockets;

  @BeforeAll
  static void startTwoNodes() {
    DatabaseUrl database = TestDatabases.fresh();
    List<Node> nodes = TestNodes.startPair(database, Map.of("livequery_classes", "Room"));
    subscriberNode = nodes.get(0);
    writerNode = nodes.get(1);
    sockets = subscriberNode.vertx().createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    writerNode.stop();
    subscriberNode.stop();
  }

  @Test
  @DisplayName("a subscriber on node A gets each create and update made through node B exactly once")
  void eventsCrossNodes() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    assertEquals(201, writer.post("/parse/classes/Room", new JsonObject().put("topic", "setup")).status());

    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = subscribe(sockets, received, new JsonObject().put("topic", "news"), new JsonObject(),
        new JsonObject().put("requestId", 7));

    String id = writer.post("/parse/classes/Room", new JsonObject().put("topic", "news").put("n", 1)).json().getString("objectId");
    writer.post("/parse/classes/Room", new JsonObject().put("topic", "sports"));
    writer.put("/parse/classes/Room/" + id, new JsonObject().put("n", 2));
    await(received, 4);
    Thread.sleep(500);
    assertEquals(4, received.size(), "no duplicate and nothing unmatched: " + received);
    assertEquals("create", received.get(2).getString("op"));
    assertEquals(7, received.get(2).getInteger("requestId"));
    assertEquals(id, received.get(2).getJsonObject("object").getString("objectId"));
    assertEquals("Room", received.get(2).getJsonObject("object").getString("className"));
    // the iOS SDK's PFDecoder makes a PFObject only of a dictionary typed as one
    assertEquals("Object", received.get(2).getJsonObject("object").getString("__type"));
    assertEquals("Object", received.get(3).getJsonObject("original").getString("__type"));
    assertEquals("update", received.get(3).getString("op"));
    assertEquals(2, received.get(3).getJsonObject("object").getInteger("n"));
    assertEquals(1, received.get(3).getJsonObject("original").getInteger("n"));
    socket.close();
  }

  @Test
  @DisplayName("a transactional batch publishes only once committed: a rolled-back batch sends nothing")
  void batchPublishesAfterCommit() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = subscribe(received, "batch");

    JsonObject create = new JsonObject().put("method", "POST").put("path", "/parse/classes/Room")
        .put("body", new JsonObject().put("topic", "batch").put("n", 1));
    JsonObject failing = new JsonObject().put("method", "PUT").put("path", "/parse/classes/Room/missing")
        .put("body", new JsonObject().put("n", 0));
    Api.Response rolledBack = writer.post("/parse/batch", new JsonObject().put("transaction", true)
        .put("requests", new io.vertx.core.json.JsonArray().add(create).add(failing)));
    assertEquals(101, rolledBack.json().getInteger("code"), rolledBack.text());
    // Events from one node arrive in order: had the rolled-back create been published, it would come first.
    writer.post("/parse/classes/Room", new JsonObject().put("topic", "batch").put("n", 2));
    await(received, 3);
    assertEquals("create", received.get(2).getString("op"));
    assertEquals(2, received.get(2).getJsonObject("object").getInteger("n"), "the rolled-back create was published: " + received);

    Api.Response committed = writer.post("/parse/batch", new JsonObject().put("transaction", true)
        .put("requests", new io.vertx.core.json.JsonArray().add(create.copy().put("body", new JsonObject().put("topic", "batch").put("n", 3)))));
    assertEquals(200, committed.status(), committed.text());
    await(received, 4);
    assertEquals(3, received.get(3).getJsonObject("object").getInteger("n"));
    socket.close();
  }

  @Test
  @DisplayName("subscriptions with $inQuery and $relatedTo: matched against the other class in PostgreSQL")
  void crossClassSubscriptions() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    JsonObject vip = pointer("Person", writer.post("/parse/classes/Person", new JsonObject().put("vip", true)).json().getString("objectId"));
    JsonObject guest = pointer("Person", writer.post("/parse/classes/Person", new JsonObject().put("vip", false)).json().getString("objectId"));
    List<JsonObject> owned = new CopyOnWriteArrayList<>();
    WebSocket byOwner = subscribe(owned, new JsonObject().put("owner", new JsonObject().put("$inQuery",
        new JsonObject().put("className", "Person").put("where", new JsonObject().put("vip", true)))));

    String guestRoom = writer.post("/parse/classes/Room", new JsonObject().put("owner", guest).put("n", 1)).json().getString("objectId");
    writer.put("/parse/classes/Room/" + guestRoom, new JsonObject().put("owner", vip));
    await(owned, 3);
    assertEquals("enter", owned.get(2).getString("op"), "the guest's room matched no vip: " + owned);
    assertEquals(guest.getString("objectId"), owned.get(2).getJsonObject("original").getJsonObject("owner").getString("objectId"));

    JsonObject building = pointer("Building", writer.post("/parse/classes/Building", new JsonObject()).json().getString("objectId"));
    String inside = writer.post("/parse/classes/Room", new JsonObject().put("n", 1)).json().getString("objectId");
    String outside = writer.post("/parse/classes/Room", new JsonObject().put("n", 1)).json().getString("objectId");
    writer.put("/parse/classes/Building/" + building.getString("objectId"), new JsonObject().put("rooms", new JsonObject()
        .put("__op", "AddRelation").put("objects", new io.vertx.core.json.JsonArray().add(pointer("Room", inside)))));
    List<JsonObject> related = new CopyOnWriteArrayList<>();
    WebSocket byRelation = subscribe(related, new JsonObject().put("$relatedTo",
        new JsonObject().put("object", building).put("key", "rooms")));
    writer.put("/parse/classes/Room/" + outside, new JsonObject().put("n", 2));
    writer.put("/parse/classes/Room/" + inside, new JsonObject().put("n", 2));
    await(related, 3);
    Thread.sleep(300);
    assertEquals(3, related.size(), "only the room in the relation: " + related);
    assertEquals("update", related.get(2).getString("op"));
    assertEquals(inside, related.get(2).getJsonObject("object").getString("objectId"));
    byOwner.close();
    byRelation.close();
  }

  @Test
  @DisplayName("a $text subscription matches as PostgreSQL's full-text search does, stemming included")
  void textSubscriptionsStem() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = subscribe(received, new JsonObject().put("story", new JsonObject().put("$text",
        new JsonObject().put("$search", new JsonObject().put("$term", "dog").put("$language", "english")))));
    writer.post("/parse/classes/Room", new JsonObject().put("story", "a doghouse, no pets"));
    writer.post("/parse/classes/Room", new JsonObject().put("story", "the dogs barked"));
    await(received, 3);
    Thread.sleep(300);
    assertEquals(3, received.size(), "'dogs' stems to 'dog'; 'doghouse' does not: " + received);
    assertEquals("the dogs barked", received.get(2).getJsonObject("object").getString("story"));
    socket.close();
  }

  @Test
  @DisplayName("a transaction's creates, published at once at its commit and each adding a field, arrive in order, database checks included")
  void eventsKeepTheirOrderWhenSchemasAreRead() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    List<JsonObject> plain = new CopyOnWriteArrayList<>();
    WebSocket plainSocket = subscribe(plain, "burst");
    List<JsonObject> checked = new CopyOnWriteArrayList<>();
    WebSocket checkedSocket = subscribe(checked, new JsonObject().put("topic", "burst").put("story", new JsonObject()
        .put("$text", new JsonObject().put("$search", new JsonObject().put("$term", "ordered")))));

    int creates = 40;
    io.vertx.core.json.JsonArray requests = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < creates; i++) {
      requests.add(new JsonObject().put("method", "POST").put("path", "/parse/classes/Room").put("body",
          new JsonObject().put("topic", "burst").put("story", "ordered").put("n", i).put("burstField" + i, i)));
    }
    // each create changes the schema, so the subscriber's node finds Room's schema uncached when the events come
    assertEquals(200, writer.post("/parse/batch", new JsonObject().put("requests", requests).put("transaction", true)).status());
    Received.await(plain, 2 + creates, 20_000);
    Received.await(checked, 2 + creates, 20_000);
    List<Integer> expected = java.util.stream.IntStream.range(0, creates).boxed().toList();
    assertEquals(expected, numbers(plain.subList(2, plain.size())));
    assertEquals(expected, numbers(checked.subList(2, checked.size())));
    plainSocket.close();
    checkedSocket.close();
  }

  @Test
  @DisplayName("changes for hundreds of subscriptions on each of a node's two loops reach every subscription in order, the loops taking turns")
  void largeFanOutsReachEverySubscriptionInOrder() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    int connections = 12;
    int perConnection = 100;
    int updates = 5;
    // connections are spread over the node's two loops: 600 subscriptions on each, past the turn threshold
    // and more than one slice of a fan-out
    List<List<JsonObject>> received = new java.util.ArrayList<>();
    List<WebSocket> crowd = new java.util.ArrayList<>();
    for (int c = 0; c < connections; c++) {
      List<JsonObject> messages = new CopyOnWriteArrayList<>();
      WebSocket socket = subscribe(messages, "crowd");
      for (int requestId = 2; requestId <= perConnection; requestId++) {
        socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", requestId).put("query",
            new JsonObject().put("className", "Room").put("where", new JsonObject().put("topic", "crowd"))).encode());
      }
      await(messages, 1 + perConnection);
      received.add(messages);
      crowd.add(socket);
    }

    String id = writer.post("/parse/classes/Room", new JsonObject().put("topic", "crowd").put("n", 0)).json().getString("objectId");
    for (int n = 1; n <= updates; n++) {
      writer.put("/parse/classes/Room/" + id, new JsonObject().put("n", n));
    }
    List<Integer> expected = java.util.stream.IntStream.rangeClosed(0, updates).boxed().toList();
    for (List<JsonObject> messages : received) {
      Received.await(messages, 1 + perConnection * (2 + updates), 20_000);
      for (int requestId = 1; requestId <= perConnection; requestId++) {
        int request = requestId;
        List<JsonObject> events = messages.stream().filter(m -> m.containsKey("object") && m.getInteger("requestId") == request).toList();
        assertEquals(expected, numbers(events), "subscription " + requestId);
        assertEquals("create", events.get(0).getString("op"));
      }
    }
    crowd.forEach(WebSocket::close);
  }

  @Test
  @DisplayName("a subscriber that stops reading is closed with 1008 once 1 MB behind, counted on /metrics; the others get every event")
  void slowSubscriberIsClosed() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    List<JsonObject> reading = new CopyOnWriteArrayList<>();
    WebSocket readingSocket = subscribe(reading, "flood");
    // a small receive buffer, so the kernel holds little for the client that stops reading
    WebSocketClient smallBuffer = subscriberNode.vertx().createWebSocketClient(
        new io.vertx.core.http.WebSocketClientOptions().setReceiveBufferSize(8 * 1024));
    List<JsonObject> stalled = new CopyOnWriteArrayList<>();
    WebSocket stalledSocket = subscribe(smallBuffer, stalled, new JsonObject().put("topic", "flood"));
    CompletableFuture<Short> closed = new CompletableFuture<>();
    stalledSocket.closeHandler(v -> closed.complete(stalledSocket.closeStatusCode()));
    stalledSocket.pause();
    double droppedBefore = Metrics.sum(subscriberNode, "parsec_livequery_slow_consumers_dropped_total");
    double sentBefore = Metrics.sum(subscriberNode, "parsec_livequery_events_sent_total");

    // 220 events of 48 KB (one frame each, under the client's 64 KB frame limit): 10 MB, well past the
    // server's socket buffer (4 MB at most here) and its 1 MB queue
    int events = 220;
    String page = "x".repeat(48 * 1024);
    for (int i = 0; i < events; i++) {
      assertEquals(201, writer.post("/parse/classes/Room", new JsonObject().put("topic", "flood").put("page", page).put("n", i)).status());
    }
    Received.await(reading, 2 + events, 30_000);
    for (int i = 0; i < events; i++) {
      assertEquals(i, reading.get(2 + i).getJsonObject("object").getInteger("n"), "in order, none missing");
    }

    stalledSocket.resume();
    assertEquals((short) 1008, closed.get(15, TimeUnit.SECONDS), "closed as too slow");
    assertTrue(stalled.size() < 2 + events, "events past its queue were dropped, not held: got " + stalled.size());
    // on /metrics: one slow consumer dropped, and every event the reading subscriber got was counted as sent
    assertEquals(1, Metrics.sum(subscriberNode, "parsec_livequery_slow_consumers_dropped_total") - droppedBefore);
    assertTrue(Metrics.sum(subscriberNode, "parsec_livequery_events_sent_total") - sentBefore >= events);
    readingSocket.close();
    smallBuffer.close();
  }

  @Test
  @DisplayName("a connection holds at most 100 subscriptions; the 101st is refused with an error naming it")
  void subscriptionsPerConnectionAreCapped() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = subscribe(received, "cap");
    for (int requestId = 2; requestId <= 101; requestId++) {
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", requestId)
          .put("query", new JsonObject().put("className", "Room").put("where", new JsonObject().put("topic", "cap"))).encode());
    }
    await(received, 2 + 100);
    assertEquals("subscribed", received.get(100).getString("op"), received.get(100).encode());
    JsonObject refused = received.get(101);
    assertEquals("error", refused.getString("op"), refused.encode());
    assertEquals(101, refused.getInteger("requestId"));
    socket.close();
  }

  @Test
  @DisplayName("a subscriber's roles and session are those of the moment of the event, when they change on another node")
  void rolesAndSessionsChangeOnAnotherNode() throws Exception {
    Api writer = Api.at(writerNode.config().port());
    Api master = Api.at(writerNode.config().port()).asMaster();
    JsonObject signedUp = writer.post("/parse/users", new JsonObject().put("username", "lq-roles").put("password", "lq roles pass")).json();
    String userId = signedUp.getString("objectId");
    String token = signedUp.getString("sessionToken");
    JsonObject user = pointer("_User", userId);
    String roleId = master.post("/parse/roles", new JsonObject().put("name", "LqEditors").put("ACL", new JsonObject())
        .put("users", new JsonObject().put("__op", "AddRelation").put("objects", new JsonArray().add(user)))).json().getString("objectId");
    JsonObject forEditors = new JsonObject().put("role:LqEditors", new JsonObject().put("read", true));
    JsonObject forUser = new JsonObject().put(userId, new JsonObject().put("read", true));

    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocket socket = subscribe(sockets, received, new JsonObject().put("topic", "roles"), new JsonObject(),
        new JsonObject().put("sessionToken", token));

    master.post("/parse/classes/Room", new JsonObject().put("topic", "roles").put("n", 1).put("ACL", forEditors));
    await(received, 3);
    master.put("/parse/roles/" + roleId, new JsonObject()
        .put("users", new JsonObject().put("__op", "RemoveRelation").put("objects", new JsonArray().add(user))));
    Thread.sleep(1_000); // the other node hears of the role change and reads the subscriber's roles again
    master.post("/parse/classes/Room", new JsonObject().put("topic", "roles").put("n", 2).put("ACL", forEditors));
    master.post("/parse/classes/Room", new JsonObject().put("topic", "roles").put("n", 3).put("ACL", forUser));
    await(received, 4);
    assertEquals(200, writer.header("X-Parse-Session-Token", token).post("/parse/logout", new JsonObject()).status());
    Thread.sleep(1_000);
    master.post("/parse/classes/Room", new JsonObject().put("topic", "roles").put("n", 4).put("ACL", forUser));
    master.post("/parse/classes/Room", new JsonObject().put("topic", "roles").put("n", 5));
    await(received, 5);
    Thread.sleep(500);
    // a role it lost no longer lets it read; once signed out, it reads what anyone may
    assertEquals(List.of(1, 3, 5), numbers(received.subList(2, received.size())), received.toString());
    socket.close();
  }

  @Test
  @DisplayName("a session token that is no longer valid leaves the subscriber anonymous, as in Parse Server, rather than refused")
  void endedSessionConnectsAsAnonymous() throws Exception {
    Api master = Api.at(writerNode.config().port()).asMaster();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    // connected and subscribed, not refused
    WebSocket socket = subscribe(sockets, received, new JsonObject().put("topic", "ended"),
        new JsonObject().put("sessionToken", "r:ended0000000000000000000000000000"), new JsonObject());
    master.post("/parse/classes/Room", new JsonObject().put("topic", "ended").put("n", 1)
        .put("ACL", new JsonObject().put("someone", new JsonObject().put("read", true))));
    master.post("/parse/classes/Room", new JsonObject().put("topic", "ended").put("n", 2));
    await(received, 3);
    Thread.sleep(300);
    assertEquals(List.of(2), numbers(received.subList(2, received.size())), received.toString());
    socket.close();
  }

  @Test
  @DisplayName("forty subscribers of one $inQuery query cost PostgreSQL one check per event, not one each")
  void databaseChecksArePerAudience() throws Exception {
    Api writer = Api.at(writerNode.config().port()).asMaster();
    JsonObject vip = pointer("Person", writer.post("/parse/classes/Person", new JsonObject().put("vip", true)).json().getString("objectId"));
    JsonObject where = new JsonObject().put("topic", "asked-once").put("owner", new JsonObject().put("$inQuery",
        new JsonObject().put("className", "Person").put("where", new JsonObject().put("vip", true))));
    List<List<JsonObject>> inboxes = new ArrayList<>();
    List<WebSocket> subscribers = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // the test's WebSocket client opens at most 50 connections to a host
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      inboxes.add(received);
      subscribers.add(subscribe(received, where));
    }
    double before = sqlQueries(subscriberNode);
    writer.post("/parse/classes/Room", new JsonObject().put("topic", "asked-once").put("owner", vip).put("n", 1));
    for (List<JsonObject> received : inboxes) {
      await(received, 3);
      assertEquals("create", received.get(2).getString("op"), received.toString());
    }
    double asked = sqlQueries(subscriberNode) - before;
    assertTrue(asked < 20, "the subscribers' node used PostgreSQL " + asked + " times for one event");
    subscribers.forEach(WebSocket::close);
  }

  /** How many times the node's PostgreSQL pools were used, from its /metrics. */
  private static double sqlQueries(Node node) {
    return Api.at(node.config().port()).get("/metrics").text().lines()
        .filter(line -> line.startsWith("vertx_pool_completed_total{") && line.contains("pool_type=\"sql\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static JsonObject pointer(String className, String id) {
    return new JsonObject().put("__type", "Pointer").put("className", className).put("objectId", id);
  }

  private static WebSocket subscribe(List<JsonObject> received, String topic) throws Exception {
    return subscribe(received, new JsonObject().put("topic", topic));
  }

  private static WebSocket subscribe(List<JsonObject> received, JsonObject where) throws Exception {
    return subscribe(sockets, received, where);
  }

  private static WebSocket subscribe(WebSocketClient client, List<JsonObject> received, JsonObject where) throws Exception {
    return subscribe(client, received, where, new JsonObject(), new JsonObject());
  }

  /**
   * Connects to the subscriber node and subscribes to Room (request id 1); the extras add fields, such as a
   * session token, to the connect and subscribe messages.
   */
  private static WebSocket subscribe(WebSocketClient client, List<JsonObject> received, JsonObject where,
                                     JsonObject connectExtras, JsonObject subscribeExtras) throws Exception {
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(subscriberNode.config().port()).setURI("/parse")).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID)
        .mergeIn(connectExtras).encode());
    await(received, 1);
    assertEquals("connected", received.get(0).getString("op"), received.toString());
    socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
        .put("query", new JsonObject().put("className", "Room").put("where", where)).mergeIn(subscribeExtras).encode());
    await(received, 2);
    assertEquals("subscribed", received.get(1).getString("op"), received.toString());
    return socket;
  }

  private static List<Integer> numbers(List<JsonObject> events) {
    return events.stream().map(event -> event.getJsonObject("object").getInteger("n")).toList();
  }

  private static void await(List<JsonObject> received, int count) throws InterruptedException {
    Received.await(received, count, 10_000);
  }
}
