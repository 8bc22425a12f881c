package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.http.WebSocket;
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

@DisplayName("Every class is written through the one write path: system classes too, and no write reads back what its caller may not read")
class WritePathTest {

  private static Node node;
  private static Api anonymous;
  private static Api master;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("redis_url", TestRedis.url());
    settings.put("livequery_classes", "_User,_Installation");
    settings.put("allow_client_class_creation", "true");
    node = TestNodes.start(settings);
    anonymous = Api.at(node.config().port());
    master = anonymous.asMaster();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("an Increment answers its result only to a caller who may read it: not a protected field, not an object it may not read")
  void operationResultsFollowReadAccess() {
    JsonObject anyone = new JsonObject().put("*", true);
    String open = master.post("/parse/classes/Payroll", new JsonObject().put("salary", 5000).put("n", 1)).json().getString("objectId");
    Api.Response set = master.put("/parse/schemas/Payroll", new JsonObject().put("classLevelPermissions", new JsonObject()
        .put("find", anyone).put("get", anyone).put("count", anyone).put("create", anyone).put("update", anyone)
        .put("delete", anyone).put("addField", anyone).put("protectedFields", new JsonObject().put("*", new JsonArray().add("salary")))));
    assertEquals(200, set.status(), set.text());
    Api.Response raised = anonymous.put("/parse/classes/Payroll/" + open,
        new JsonObject().put("salary", new JsonObject().put("__op", "Increment").put("amount", 0)));
    assertEquals(200, raised.status(), raised.text());
    assertFalse(raised.json().containsKey("salary"), "the protected salary is not answered: " + raised.text());
    assertEquals(5000, master.get("/parse/classes/Payroll/" + open).json().getInteger("salary"), "the write itself was made");

    String writeOnly = master.post("/parse/classes/Payroll", new JsonObject().put("n", 41)
        .put("ACL", new JsonObject().put("*", new JsonObject().put("write", true)))).json().getString("objectId");
    Api.Response counted = anonymous.put("/parse/classes/Payroll/" + writeOnly,
        new JsonObject().put("n", new JsonObject().put("__op", "Increment").put("amount", 1)));
    assertEquals(200, counted.status(), counted.text());
    assertFalse(counted.json().containsKey("n"), "an object the caller may not read tells nothing: " + counted.text());
    assertEquals(43, master.put("/parse/classes/Payroll/" + writeOnly,
        new JsonObject().put("n", new JsonObject().put("__op", "Increment").put("amount", 1))).json().getInteger("n"),
        "the master key is answered the result");
  }

  @Test
  @DisplayName("a user's update drops its cached record, so the next read sees it; LiveQuery hears of a user's own update")
  void usersAreWrittenThroughTheWritePath() throws Exception {
    Api.Response signup = anonymous.post("/parse/users", new JsonObject().put("username", "wendy").put("password", "wendy-pass-1"));
    assertEquals(201, signup.status(), signup.text());
    String id = signup.json().getString("objectId");
    Api self = anonymous.header("X-Parse-Session-Token", signup.json().getString("sessionToken"));
    assertEquals(200, self.get("/parse/users/" + id).status(), "read once: now in the object cache");
    try (Subscriber subscriber = new Subscriber(new JsonObject().put("className", "_User")
        .put("where", new JsonObject().put("objectId", id)))) {
      assertEquals(200, self.put("/parse/users/" + id, new JsonObject().put("nickname", "wen")).status());
      assertEquals("wen", self.get("/parse/users/" + id).json().getString("nickname"), "the cached record was dropped");
      JsonObject event = subscriber.awaitEvent();
      assertEquals("update", event.getString("op"), event.encode());
      assertEquals("wen", event.getJsonObject("object").getString("nickname"));
    }
  }

  @Test
  @DisplayName("an installation merged into the one holding its device is an update LiveQuery hears of, and the cached one is dropped")
  void installationsAreWrittenThroughTheWritePath() throws Exception {
    String token = "a".repeat(64);
    Api.Response first = master.post("/parse/installations", new JsonObject().put("installationId", "dev-one")
        .put("deviceType", "ios").put("deviceToken", token));
    assertEquals(201, first.status(), first.text());
    String id = first.json().getString("objectId");
    assertEquals(200, master.get("/parse/installations/" + id).status(), "read once: now in the object cache");
    try (Subscriber subscriber = new Subscriber(new JsonObject().put("className", "_Installation")
        .put("where", new JsonObject().put("installationId", "dev-one")))) {
      Api.Response again = master.post("/parse/installations", new JsonObject().put("installationId", "dev-one")
          .put("deviceType", "ios").put("badge", 3));
      assertEquals(200, again.status(), "a create merged into the installation: " + again.text());
      assertEquals(id, again.json().getString("objectId"));
      assertEquals(3, master.get("/parse/installations/" + id).json().getInteger("badge"), "the cached one was dropped");
      JsonObject event = subscriber.awaitEvent();
      assertEquals("update", event.getString("op"), event.encode());
      assertEquals(3, event.getJsonObject("object").getInteger("badge"));
    }
  }

  /** A LiveQuery subscriber with the master key, and the events it received. */
  private static final class Subscriber implements AutoCloseable {
    private final WebSocket socket;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();

    Subscriber(JsonObject query) throws Exception {
      socket = node.vertx().createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(node.config().port()).setURI("/parse")).await(10, TimeUnit.SECONDS);
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID)
          .put("masterKey", TestNodes.MASTER_KEY).encode());
      await(1);
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1).put("query", query).encode());
      await(2);
      assertEquals("subscribed", received.get(1).getString("op"), received.toString());
    }

    JsonObject awaitEvent() throws InterruptedException {
      await(3);
      return received.get(2);
    }

    private void await(int count) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 10_000;
      while (received.size() < count && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(received.size() >= count, "expected " + count + " LiveQuery messages, got " + received);
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
