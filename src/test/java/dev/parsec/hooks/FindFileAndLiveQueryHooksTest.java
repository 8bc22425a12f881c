package dev.parsec.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Webhooks for the triggers beyond saves: beforeFind and afterFind, files ("@File") and LiveQuery
 * ("@Connect", afterEvent). The app's webhook endpoint is an HTTP server of the test.
 */
@DisplayName("Hooks for finds, files and LiveQuery: registered as Parse Server takes them, and called before the module's triggers")
class FindFileAndLiveQueryHooksTest {

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
        case "/narrow" -> new JsonObject().put("success", new JsonObject().put("where", new JsonObject().put("$and",
            new JsonArray().add(call.getJsonObject("query").getJsonObject("where", new JsonObject()))
                .add(new JsonObject().put("published", true)))));
        case "/rewrite" -> {
          JsonArray shown = new JsonArray();
          for (Object each : call.getJsonArray("objects")) {
            JsonObject object = (JsonObject) each;
            if (!object.getBoolean("hidden", false)) {
              shown.add(object.copy().put("viaHook", call.getBoolean("isGet") ? "get" : "find"));
            }
          }
          yield new JsonObject().put("success", shown);
        }
        case "/file" -> call.getJsonObject("file").getString("name").startsWith("hook-forbidden")
            ? new JsonObject().put("error", "no such files here")
            : new JsonObject().put("success", new JsonObject().put("__type", "File").put("name", "hooked.txt"));
        case "/connect" -> "hook-refused".equals(call.getString("installationId"))
            ? new JsonObject().put("error", new JsonObject().put("code", 119).put("message", "not this device"))
            : new JsonObject().put("success", new JsonObject());
        case "/subscribe" -> "hook-narrow".equals(call.getString("installationId"))
            ? new JsonObject().put("success", call.getJsonObject("query").copy()
                .put("where", new JsonObject().put("n", new JsonObject().put("$gte", 2))))
            : new JsonObject().put("success", new JsonObject());
        case "/event" -> "hook-drop".equals(call.getString("installationId"))
            ? new JsonObject().put("success", false)
            : new JsonObject().put("success", call.getJsonObject("object").copy().put("viaHook", call.getString("event")));
        default -> new JsonObject().put("success", new JsonObject());
      };
      request.response().putHeader("Content-Type", "application/json").end(answer.toBuffer());
    })).listen(0, "127.0.0.1").await();
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("allow_client_class_creation", "true");
    settings.put("livequery_classes", "HookRoom");
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

  private static void hook(String className, String triggerName, String path) {
    Api.Response created = master().post("/parse/hooks/triggers", new JsonObject().put("className", className)
        .put("triggerName", triggerName).put("url", url(path)));
    assertEquals(200, created.status(), created.text());
  }

  @Test
  @DisplayName("the trigger names Parse Server's hooks take, files on '@File' and connections on '@Connect' only")
  void registry() {
    for (String[] accepted : new String[][] {{"Notes", "beforeFind"}, {"Notes", "afterFind"}, {"@File", "beforeSave"},
        {"@File", "afterDelete"}, {"@Connect", "beforeConnect"}, {"Notes", "beforeSubscribe"}, {"Notes", "afterEvent"}}) {
      JsonObject hook = new JsonObject().put("className", accepted[0]).put("triggerName", accepted[1]).put("url", url("/registry"));
      JsonObject answer = master().post("/parse/hooks/triggers", hook).json();
      if (answer.containsKey("code")) {
        // another test of the class registered it already
        assertEquals("class " + accepted[0] + " already has trigger " + accepted[1], answer.getString("error"));
        continue;
      }
      assertEquals(hook, answer, String.join(" ", accepted));
      master().put("/parse/hooks/triggers/" + accepted[0] + "/" + accepted[1], new JsonObject().put("__op", "Delete"));
    }
    for (String[] refused : new String[][] {{"@File", "beforeFind"}, {"Notes", "beforeConnect"}, {"@Connect", "afterSave"},
        {"Notes", "beforeSaveFile"}}) {
      Api.Response answer = master().post("/parse/hooks/triggers", new JsonObject().put("className", refused[0])
          .put("triggerName", refused[1]).put("url", url("/registry")));
      assertEquals(new JsonObject().put("code", 143).put("error", "invalid hook declaration"), answer.json(), String.join(" ", refused));
    }
  }

  @Test
  @DisplayName("a beforeFind hook narrows finds and gets; an afterFind hook rewrites and drops what is answered")
  void findHooks() throws Exception {
    hook("HookNote", "beforeFind", "/narrow");
    hook("HookNote", "afterFind", "/rewrite");
    Api master = master();
    String published = master.post("/parse/classes/HookNote", new JsonObject().put("title", "out").put("published", true))
        .json().getString("objectId");
    String draft = master.post("/parse/classes/HookNote", new JsonObject().put("title", "draft").put("published", false))
        .json().getString("objectId");
    master.post("/parse/classes/HookNote", new JsonObject().put("title", "hidden").put("published", true).put("hidden", true));

    CALLS.clear();
    Api client = Api.at(node.config().port());
    JsonArray found = client.get("/parse/classes/HookNote", Map.of("where", "{\"title\":{\"$ne\":\"nothing\"}}"))
        .json().getJsonArray("results");
    assertEquals(1, found.size(), "narrowed to the published, and the hidden dropped: " + found.encode());
    JsonObject shown = found.getJsonObject(0);
    assertEquals(published, shown.getString("objectId"));
    assertEquals("find", shown.getString("viaHook"));
    assertFalse(shown.containsKey("className"), "the class name the payload gave each object is not answered");
    JsonObject before = CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals("beforeFind", before.getString("triggerName"));
    assertEquals("HookNote", before.getString("className"));
    assertEquals(new JsonObject().put("title", new JsonObject().put("$ne", "nothing")),
        before.getJsonObject("query").getJsonObject("where"), "the hook is shown the client's query");
    JsonObject after = CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals("afterFind", after.getString("triggerName"));
    assertEquals("HookNote", after.getJsonArray("objects").getJsonObject(0).getString("className"));

    assertEquals("get", client.get("/parse/classes/HookNote/" + published).json().getString("viaHook"));
    assertEquals(101, client.get("/parse/classes/HookNote/" + draft).json().getInteger("code"), "a get is narrowed too");
  }

  @Test
  @DisplayName("a beforeSave hook of '@File' renames an upload or refuses it (nothing stored), ahead of the module's beforeSaveFile")
  void fileHooks() throws Exception {
    hook("@File", "beforeSave", "/file");
    hook("@File", "afterSave", "/file-saved");
    Api master = master();
    CALLS.clear();
    Api.Response renamed = master.postRaw("/parse/files/rename-me.txt", "hello", "text/plain");
    assertEquals(201, renamed.status(), renamed.toString());
    String name = renamed.json().getString("name");
    assertTrue(name.endsWith("_hooked.txt"), "the hook's name, not the module's: " + name);
    JsonObject before = CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals("beforeSave", before.getString("triggerName"));
    assertEquals(new JsonObject().put("__type", "File").put("name", "rename-me.txt"), before.getJsonObject("file"));
    assertEquals(5, before.getInteger("fileSize"));
    assertEquals(true, before.getBoolean("master"));
    JsonObject after = CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals("afterSave", after.getString("triggerName"));
    assertEquals(name, after.getJsonObject("file").getString("name"));
    assertEquals(renamed.json().getString("url"), after.getJsonObject("file").getString("url"));

    Api.Response refused = master.postRaw("/parse/files/hook-forbidden.txt", "secret", "text/plain");
    assertEquals(new JsonObject().put("code", 141).put("error", "no such files here"), refused.json());
  }

  @Test
  @DisplayName("a beforeConnect hook of '@Connect' refuses a connection with its own code; a beforeSubscribe hook narrows; an afterEvent hook changes or drops events")
  void liveQueryHooks() throws Exception {
    hook("@Connect", "beforeConnect", "/connect");
    hook("HookRoom", "afterEvent", "/event");
    hook("HookRoom", "beforeSubscribe", "/subscribe");
    WebSocketClient sockets = vertx.createWebSocketClient();
    List<JsonObject> refused = new CopyOnWriteArrayList<>();
    WebSocket refusedSocket = open(sockets, refused, "hook-refused");
    Received.await(refused, 1, 10_000);
    assertEquals(new JsonObject().put("op", "error").put("code", 119).put("error", "not this device").put("reconnect", false),
        refused.get(0));

    List<JsonObject> changed = new CopyOnWriteArrayList<>();
    WebSocket changedSocket = subscribed(sockets, changed, "hook-change");
    List<JsonObject> dropped = new CopyOnWriteArrayList<>();
    WebSocket droppedSocket = subscribed(sockets, dropped, "hook-drop");
    List<JsonObject> narrowed = new CopyOnWriteArrayList<>();
    WebSocket narrowedSocket = subscribed(sockets, narrowed, "hook-narrow");
    master().post("/parse/classes/HookRoom", new JsonObject().put("n", 1));
    master().post("/parse/classes/HookRoom", new JsonObject().put("n", 2));
    Received.await(changed, 4, 10_000);
    assertEquals("create", changed.get(2).getJsonObject("object").getString("viaHook"));
    assertEquals(List.of(1, 2), changed.subList(2, 4).stream().map(event -> event.getJsonObject("object").getInteger("n")).toList());
    Received.await(narrowed, 3, 10_000);
    Thread.sleep(300);
    assertEquals(2, dropped.size(), "connected and subscribed, no event: " + dropped);
    assertEquals(3, narrowed.size(), "the beforeSubscribe hook narrowed the query to n >= 2: " + narrowed);
    assertEquals(2, narrowed.get(2).getJsonObject("object").getInteger("n"));
    refusedSocket.close();
    changedSocket.close();
    droppedSocket.close();
    narrowedSocket.close();
    sockets.close();
  }

  private static WebSocket subscribed(WebSocketClient sockets, List<JsonObject> received, String installationId) throws Exception {
    WebSocket socket = open(sockets, received, installationId);
    Received.await(received, 1, 10_000);
    assertEquals("connected", received.get(0).getString("op"), received.toString());
    socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
        .put("query", new JsonObject().put("className", "HookRoom").put("where", new JsonObject())).encode());
    Received.await(received, 2, 10_000);
    assertEquals("subscribed", received.get(1).getString("op"), received.toString());
    return socket;
  }

  private static WebSocket open(WebSocketClient sockets, List<JsonObject> received, String installationId) throws Exception {
    WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.config().port())
        .setURI("/parse")).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID)
        .put("installationId", installationId).encode());
    return socket;
  }
}
