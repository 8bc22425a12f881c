package dev.parsec.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Parse Hooks on two nodes: hooks registered on one node are called from the other. The app's
 * webhook endpoint is an HTTP server of the test, which records what Parsec sends and answers as a
 * hook written for Parse Server would.
 */
@DisplayName("Parse Hooks: webhooks registered by the master key, called for functions and triggers on every node")
class HooksClusterTest {

  private static final String KEY = "webhook-key-for-tests";

  private static Node a;
  private static Node b;
  private static DatabaseUrl database;
  private static Vertx vertx;
  private static HttpServer app;
  private static final BlockingQueue<JsonObject> CALLS = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      CALLS.add(call.copy().put("path", request.path()).put("key", request.getHeader("X-Parse-Webhook-Key")));
      JsonObject answer = switch (request.path()) {
        case "/greet" -> new JsonObject().put("success", "Hi " + call.getJsonObject("params").getString("name"));
        case "/refuse" -> new JsonObject().put("error", "nope");
        case "/coded" -> new JsonObject().put("error", new JsonObject().put("code", 142).put("message", "bad input"));
        case "/stamp" -> new JsonObject().put("success", call.getJsonObject("object").copy().put("stamped", true));
        default -> new JsonObject().put("success", new JsonObject());
      };
      if (request.path().equals("/slow")) {
        vertx.setTimer(3_000, t -> request.response().end(answer.toBuffer()));
      } else {
        request.response().putHeader("Content-Type", "application/json").end(answer.toBuffer());
      }
    })).listen(0, "127.0.0.1").await();
    database = TestDatabases.fresh();
    List<Node> nodes = TestNodes.startPair(database,
        Map.of("webhook_key", KEY, "function_timeout", "1", "allow_client_class_creation", "true"));
    a = nodes.get(0);
    b = nodes.get(1);
  }

  @AfterAll
  static void stop() {
    b.stop();
    a.stop();
    vertx.close().await();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + app.actualPort() + path;
  }

  private static Api master(Node node) {
    return Api.at(node.config().port()).asMaster();
  }

  @Test
  @DisplayName("create, list, get, repoint and delete hooks with the master key, with Parse Server's 143 errors")
  void registry() {
    JsonObject hook = new JsonObject().put("functionName", "registryFn").put("url", url("/greet"));
    Api.Response created = master(a).post("/parse/hooks/functions", hook);
    assertEquals(200, created.status(), created.text());
    assertEquals(hook, created.json());
    Api.Response twice = master(b).post("/parse/hooks/functions", hook);
    assertEquals(143, twice.json().getInteger("code"));
    assertEquals("function name: registryFn already exists", twice.json().getString("error"));
    assertEquals(hook, master(b).get("/parse/hooks/functions/registryFn").json());
    assertTrue(new JsonArray(master(b).get("/parse/hooks/functions").text()).contains(hook));

    JsonObject moved = master(b).put("/parse/hooks/functions/registryFn", new JsonObject().put("url", url("/other"))).json();
    assertEquals(url("/other"), moved.getString("url"));
    assertEquals(url("/other"), master(a).get("/parse/hooks/functions/registryFn").json().getString("url"));
    assertEquals(200, master(a).put("/parse/hooks/functions/registryFn", new JsonObject().put("__op", "Delete")).status());
    Api.Response gone = master(b).get("/parse/hooks/functions/registryFn");
    assertEquals(143, gone.json().getInteger("code"));
    assertEquals("no function named: registryFn is defined", gone.json().getString("error"));

    JsonObject trigger = new JsonObject().put("className", "Registry").put("triggerName", "afterSave").put("url", url("/x"));
    assertEquals(trigger, master(a).post("/parse/hooks/triggers", trigger).json());
    assertEquals(trigger, master(b).get("/parse/hooks/triggers/Registry/afterSave").json());
    assertEquals(200, master(b).put("/parse/hooks/triggers/Registry/afterSave", new JsonObject().put("__op", "Delete")).status());
    assertEquals("class Registry does not exist", master(a).get("/parse/hooks/triggers/Registry/afterSave").json().getString("error"));

    for (JsonObject bad : List.of(new JsonObject().put("functionName", "f").put("url", "ftp://x"),
        new JsonObject().put("className", "C").put("triggerName", "beforeEverything").put("url", url("/x")))) {
      Api.Response refused = master(a).post("/parse/hooks/triggers", bad);
      assertEquals("invalid hook declaration", refused.json().getString("error"), bad.encode());
    }
    assertEquals(403, Api.at(a.config().port()).get("/parse/hooks/functions").status(), "the master key only");
  }

  @Test
  @DisplayName("a function hook registered on one node answers calls on the other, with Parse's payload and the webhook key")
  void functionHook() throws Exception {
    assertEquals(200, master(a).post("/parse/hooks/functions",
        new JsonObject().put("functionName", "greet").put("url", url("/greet"))).status());
    String token = TestUsers.signUp(a.config().port());
    CALLS.clear();
    Api.Response answered = Api.at(b.config().port()).header("X-Parse-Session-Token", token)
        .post("/parse/functions/greet", new JsonObject().put("name", "Ada"));
    assertEquals(new JsonObject().put("result", "Hi Ada"), answered.json());
    JsonObject call = CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals(KEY, call.getString("key"));
    assertEquals("greet", call.getString("functionName"));
    assertEquals(false, call.getBoolean("master"));
    assertEquals("_User", call.getJsonObject("user").getString("className"));
  }

  @Test
  @DisplayName("a hook outranks the module's function of that name until it is deleted")
  void hookOutranksModule() {
    assertEquals("Hello Ada", master(b).post("/parse/functions/hello", new JsonObject().put("name", "Ada")).json().getString("result"));
    master(a).post("/parse/hooks/functions", new JsonObject().put("functionName", "hello").put("url", url("/greet")));
    assertEquals("Hi Ada", master(b).post("/parse/functions/hello", new JsonObject().put("name", "Ada")).json().getString("result"));
    master(a).put("/parse/hooks/functions/hello", new JsonObject().put("__op", "Delete"));
    assertEquals("Hello Ada", master(b).post("/parse/functions/hello", new JsonObject().put("name", "Ada")).json().getString("result"));
  }

  @Test
  @DisplayName("a hook's error is the caller's: its message with 141 or its own code; no answer in time is 124; no server is 141")
  void failures() {
    for (String[] hook : new String[][] {{"refuses", "/refuse"}, {"coded", "/coded"}, {"slow", "/slow"},
        {"unreachable", "http://127.0.0.1:1/nothing"}}) {
      String target = hook[1].startsWith("http") ? hook[1] : url(hook[1]);
      master(a).post("/parse/hooks/functions", new JsonObject().put("functionName", hook[0]).put("url", target));
    }
    Api caller = master(b);
    assertEquals(new JsonObject().put("code", 141).put("error", "nope"), caller.post("/parse/functions/refuses", new JsonObject()).json());
    assertEquals(new JsonObject().put("code", 142).put("error", "bad input"), caller.post("/parse/functions/coded", new JsonObject()).json());
    assertEquals(124, caller.post("/parse/functions/slow", new JsonObject()).json().getInteger("code"));
    Api.Response unreachable = caller.post("/parse/functions/unreachable", new JsonObject());
    assertEquals(141, unreachable.json().getInteger("code"));
    assertTrue(unreachable.json().getString("error").startsWith("The webhook of function unreachable could not be reached"),
        unreachable.text());
  }

  @Test
  @DisplayName("beforeSave hooks change or refuse a save (nothing written); afterSave hooks are told of the saved object")
  void triggerHooks() throws Exception {
    master(a).post("/parse/hooks/triggers", new JsonObject().put("className", "Stamped").put("triggerName", "beforeSave")
        .put("url", url("/stamp")));
    master(a).post("/parse/hooks/triggers", new JsonObject().put("className", "Stamped").put("triggerName", "afterSave")
        .put("url", url("/after")));
    master(a).post("/parse/hooks/triggers", new JsonObject().put("className", "Refused").put("triggerName", "beforeSave")
        .put("url", url("/refuse")));
    CALLS.clear();
    Api client = Api.at(b.config().port());
    Api.Response created = client.post("/parse/classes/Stamped", new JsonObject().put("title", "first"));
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    JsonObject stored = client.get("/parse/classes/Stamped/" + id).json();
    assertEquals(true, stored.getBoolean("stamped"));
    assertEquals("first", stored.getString("title"));
    JsonObject before = CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals("beforeSave", before.getString("triggerName"));
    assertEquals("Stamped", before.getJsonObject("object").getString("className"));
    JsonObject after = CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals("afterSave", after.getString("triggerName"));
    assertEquals(id, after.getJsonObject("object").getString("objectId"));

    Api.Response refused = client.post("/parse/classes/Refused", new JsonObject().put("title", "no"));
    assertEquals(new JsonObject().put("code", 141).put("error", "nope"), refused.json());
    boolean classMade = TestDatabases.count(database, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'Refused'") > 0;
    assertTrue(!classMade || TestDatabases.count(database, "SELECT count(*) FROM \"Refused\"") == 0, "nothing written");
  }
}
