package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Adversarial probes of what webhooks are sent: no keys, credentials or caller internals of the app's users. */
@DisplayName("Webhook probes: payloads carry no credentials nor the caller's internals")
class CloudHookProbeTest {

  private static Vertx vertx;
  private static HttpServer app;
  private static Node node;
  private static final BlockingQueue<JsonObject> CALLS = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      CALLS.add(call.copy().put("path", request.path()));
      JsonObject answer = switch (request.path()) {
        case "/event" -> new JsonObject().put("success", true);
        // as an afterFind hook: the objects as they are
        case "/session" -> new JsonObject().put("success", call.getValue("objects", new JsonObject()));
        default -> new JsonObject().put("success", new JsonObject().put("ok", true));
      };
      request.response().putHeader("Content-Type", "application/json").end(answer.toBuffer());
    })).listen(0, "127.0.0.1").await();
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("livequery_classes", "_User");
    node = TestNodes.startReady(settings);
  }

  @AfterAll
  static void stop() {
    node.stop();
    vertx.close().await();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + app.actualPort() + path;
  }

  private static Api master() {
    return Api.at(node.config().port()).asMaster();
  }

  /** An anonymous user (authData.anonymous), signed up: its objectId and session token. */
  private static String[] anonymousUser() {
    Api.Response signedUp = Api.at(node.config().port()).post("/parse/users", new JsonObject().put("authData",
        new JsonObject().put("anonymous", new JsonObject().put("id", UUID.randomUUID().toString()))));
    assertEquals(201, signedUp.status(), signedUp.text());
    return new String[] {signedUp.json().getString("objectId"), signedUp.json().getString("sessionToken")};
  }

  private static JsonObject next(String path) throws InterruptedException {
    while (true) {
      JsonObject call = CALLS.poll(10, TimeUnit.SECONDS);
      assertNotNull(call, "no call to " + path);
      if (call.getString("path").equals(path)) {
        return call;
      }
    }
  }

  @Test
  @DisplayName("a function's webhook is not sent the caller's roles, neither as roles nor inside the event bus's caller")
  void functionHookGetsNoCallerInternals() throws Exception {
    String[] user = anonymousUser();
    assertEquals(201, master().post("/parse/roles", new JsonObject().put("name", "staff").put("ACL", new JsonObject())
        .put("users", new JsonObject().put("__op", "AddRelation").put("objects", new JsonArray()
            .add(new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", user[0]))))).status());
    assertEquals(200, master().post("/parse/hooks/functions", new JsonObject().put("functionName", "probeHook")
        .put("url", url("/function"))).status());
    Api.Response called = Api.at(node.config().port()).header("X-Parse-Session-Token", user[1])
        .post("/parse/functions/probeHook", new JsonObject().put("a", 1));
    assertEquals(200, called.status(), called.text());
    JsonObject payload = next("/function");
    assertEquals(user[0], payload.getJsonObject("user").getString("objectId"));
    assertFalse(payload.containsKey("roles"), payload.encode());
    assertFalse(payload.containsKey("caller"), payload.encode());
    assertFalse(payload.getJsonObject("user").containsKey("authData"), payload.encode());
    assertFalse(payload.encode().contains(user[1]), "no session token: " + payload.encode());
  }

  @Test
  @DisplayName("a LiveQuery afterEvent webhook of _User is not sent the user's authData (its provider tokens)")
  void afterEventHookGetsNoUserCredentials() throws Exception {
    assertEquals(200, master().post("/parse/hooks/triggers", new JsonObject().put("className", "_User")
        .put("triggerName", "afterEvent").put("url", url("/event"))).status());
    String[] user = anonymousUser();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    WebSocketClient sockets = vertx.createWebSocketClient();
    WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.config().port())
        .setURI("/parse")).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID)
        .put("sessionToken", user[1]).encode());
    Received.await(received, 1, 10_000);
    socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
        .put("query", new JsonObject().put("className", "_User").put("where", new JsonObject().put("objectId", user[0]))).encode());
    Received.await(received, 2, 10_000);
    assertEquals("subscribed", received.get(1).getString("op"), received.toString());
    Api.Response updated = Api.at(node.config().port()).header("X-Parse-Session-Token", user[1])
        .put("/parse/users/" + user[0], new JsonObject().put("nick", "probe"));
    assertEquals(200, updated.status(), updated.text());
    JsonObject payload = next("/event");
    assertEquals("probe", payload.getJsonObject("object").getString("nick"), payload.encode());
    assertFalse(payload.getJsonObject("object").containsKey("authData"), payload.encode());
    assertFalse(payload.getJsonObject("original").containsKey("authData"), payload.encode());
    Received.await(received, 3, 10_000);
    socket.close();
    sockets.close();
  }

  @Test
  @DisplayName("_Session takes no webhooks but afterLogout's kind, as in Parse Server: no hook is sent session tokens")
  void sessionHooksRefused() throws Exception {
    for (String trigger : new String[] {"afterFind", "beforeFind", "beforeSave", "afterSave", "beforeDelete", "afterDelete"}) {
      Api.Response answer = master().post("/parse/hooks/triggers", new JsonObject().put("className", "_Session")
          .put("triggerName", trigger).put("url", url("/session")));
      assertEquals(143, answer.json().getInteger("code", 0), trigger + ": " + answer.text());
    }
    String[] user = anonymousUser();
    Api.Response me = Api.at(node.config().port()).header("X-Parse-Session-Token", user[1]).get("/parse/sessions/me");
    assertEquals(200, me.status(), me.text());
    for (JsonObject call : CALLS) {
      assertFalse(call.encode().contains(user[1]), "a hook was sent the session token: " + call.encode());
    }
  }
}
