package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import dev.parsec.support.TestUsers;
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

/** Cloud code's data API (functions and triggers of DataFunctions) on one node with Redis, through the one read and write path. */
@DisplayName("Cloud code data API: reads and writes as the caller or the master key, as REST would")
class CloudDataTest {

  private static final JsonObject OPEN = new JsonObject()
      .put("find", new JsonObject().put("*", true)).put("count", new JsonObject().put("*", true))
      .put("get", new JsonObject().put("*", true)).put("create", new JsonObject().put("*", true))
      .put("update", new JsonObject().put("*", true)).put("delete", new JsonObject().put("*", true))
      .put("addField", new JsonObject().put("*", true));

  private static Node node;
  private static Api client;
  private static Api master;
  private static WebSocketClient sockets;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("allow_client_class_creation", "true");
    settings.put("redis_url", TestRedis.url());
    settings.put("livequery_classes", "DataNote");
    settings.put("function_timeout", "120");
    node = TestNodes.start(settings);
    client = Api.at(node.config().port());
    client.awaitReady();
    master = client.asMaster();
    sockets = node.vertx().createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("a query as the caller sees what the user may read (ACLs, roles, CLPs, protected fields); asMaster sees all")
  void readsAsTheCaller() {
    String annToken = TestUsers.signUp(node.config().port());
    String bobToken = TestUsers.signUp(node.config().port());
    Api ann = client.header("X-Parse-Session-Token", annToken);
    Api bob = client.header("X-Parse-Session-Token", bobToken);
    String annId = ann.get("/parse/users/me").json().getString("objectId");
    String bobId = bob.get("/parse/users/me").json().getString("objectId");
    Api.Response role = master.post("/parse/roles", new JsonObject().put("name", "editors")
        .put("ACL", new JsonObject().put("*", new JsonObject().put("read", true)))
        .put("users", new JsonObject().put("__op", "AddRelation").put("objects", new JsonArray().add(pointer("_User", bobId)))));
    assertEquals(201, role.status(), role.text());

    String open = create("Secret", new JsonObject().put("ACL", new JsonObject().put("*", new JsonObject().put("read", true))));
    String annOnly = create("Secret", new JsonObject().put("ACL", new JsonObject().put(annId, new JsonObject().put("read", true))));
    String editorsOnly = create("Secret", new JsonObject().put("ACL", new JsonObject().put("role:editors", new JsonObject().put("read", true))));
    JsonObject find = new JsonObject().put("className", "Secret");
    assertEquals(sorted(open, annOnly), result(ann, "dataFind", find));
    assertEquals(sorted(open, editorsOnly), result(bob, "dataFind", find), "the role's member sees its object");
    assertEquals(sorted(open), result(client, "dataFind", find));
    assertEquals(sorted(open, annOnly, editorsOnly), result(ann, "dataFind", find.copy().put("master", true)));
    assertEquals(sorted(open, editorsOnly), result(client, "dataAsSession", find.copy().put("sessionToken", bobToken)),
        "asSession reads as that session's user");
    assertEquals(209, call(client, "dataAsSession", find.copy().put("sessionToken", "r:not-a-session")).json().getInteger("code"));
    assertEquals(3L, ((Number) result(bob, "dataCount", find.copy().put("master", true))).longValue());
    assertEquals(1L, ((Number) result(bob, "dataCount", find)).longValue() - 1, "count as the caller: open and the role's");

    // a class only the master key may read: refused as REST refuses it
    assertEquals(200, master.post("/parse/schemas/Locked", new JsonObject().put("className", "Locked")
        .put("fields", new JsonObject().put("n", new JsonObject().put("type", "Number")))
        .put("classLevelPermissions", new JsonObject())).status());
    create("Locked", new JsonObject().put("n", 1));
    int restCode = ann.get("/parse/classes/Locked").json().getInteger("code");
    Api.Response refused = call(ann, "dataFind", new JsonObject().put("className", "Locked"));
    assertEquals(restCode, refused.json().getInteger("code"), refused.text());
    assertEquals(1, ((JsonArray) result(ann, "dataFind", new JsonObject().put("className", "Locked").put("master", true))).size());

    // protected fields: hidden from the caller, shown to the master key
    assertEquals(200, master.post("/parse/schemas/Profile", new JsonObject().put("className", "Profile")
        .put("fields", new JsonObject().put("email", new JsonObject().put("type", "String")).put("name", new JsonObject().put("type", "String")))
        .put("classLevelPermissions", OPEN.copy().put("protectedFields", new JsonObject().put("*", new JsonArray().add("email"))))).status());
    String profile = create("Profile", new JsonObject().put("name", "Ann").put("email", "ann@example.com"));
    JsonObject get = new JsonObject().put("className", "Profile").put("objectId", profile);
    JsonObject seen = (JsonObject) result(ann, "dataGet", get);
    assertEquals("Ann", seen.getString("name"));
    assertFalse(seen.containsKey("email"), seen.encode());
    assertEquals("ann@example.com", ((JsonObject) result(ann, "dataGet", get.copy().put("master", true))).getString("email"));
    Api.Response hidden = call(bob, "dataGet", new JsonObject().put("className", "Secret").put("objectId", annOnly));
    assertEquals(101, hidden.json().getInteger("code"), hidden.text());
  }

  @Test
  @DisplayName("a save from cloud code runs beforeSave and afterSave, sends a LiveQuery event and evicts the cached object; triggers read as the caller")
  void savesGoThroughTheWritePath() throws Exception {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    WebSocket socket = subscribe(events, "DataNote");
    JsonObject saved = (JsonObject) result(master, "dataSave", new JsonObject().put("className", "DataNote")
        .put("object", new JsonObject().put("text", "v1")));
    String id = saved.getString("objectId");
    assertEquals("by beforeSave", saved.getString("stamped"), "the answer holds what beforeSave set: " + saved);
    assertEquals("by beforeSave", master.get("/parse/classes/DataNote/" + id).json().getString("stamped"));
    awaitTrue(() -> DataFunctions.NOTES_SAVED.contains(id), "afterSave was told");
    Received.await(events, 3, 10_000);
    assertEquals("create", events.get(2).getString("op"));
    assertEquals(id, events.get(2).getJsonObject("object").getString("objectId"));

    // the object is cached by a REST get; the cloud code update evicts it
    assertEquals("v1", client.get("/parse/classes/DataNote/" + id).json().getString("text"));
    JsonObject updated = (JsonObject) result(client, "dataSaveAwait", new JsonObject().put("className", "DataNote")
        .put("object", new JsonObject().put("objectId", id).put("text", "v2")));
    assertTrue(updated.getString("thread").startsWith("parsec-cloud-function-"), "awaited on a cloud code thread: " + updated);
    assertEquals("v2", client.get("/parse/classes/DataNote/" + id).json().getString("text"));
    Received.await(events, 4, 10_000);
    assertEquals("update", events.get(3).getString("op"));
    socket.close();

    // a trigger's data reads as the caller who saves
    String annToken = TestUsers.signUp(node.config().port());
    Api ann = client.header("X-Parse-Session-Token", annToken);
    String annId = ann.get("/parse/users/me").json().getString("objectId");
    String annsNote = create("DataNote", new JsonObject().put("text", "ann's").put("ACL", new JsonObject().put(annId,
        new JsonObject().put("read", true).put("write", true))));
    Api.Response copied = ann.post("/parse/classes/DataNote", new JsonObject().put("copyOf", annsNote));
    assertEquals(201, copied.status(), copied.text());
    assertEquals("ann's", copied.json().getString("text"), "the create's answer holds what beforeSave set");
    Api.Response notYours = client.post("/parse/classes/DataNote", new JsonObject().put("copyOf", annsNote));
    assertEquals(101, notYours.json().getInteger("code"), notYours.text());

    Api.Response bad = call(client, "dataSave", new JsonObject().put("className", "DataNote")
        .put("object", new JsonObject().put("bad", true)));
    assertEquals(142, bad.json().getInteger("code"), "beforeSave's ParseError answers its own code: " + bad.text());
    assertEquals("no bad notes", bad.json().getString("error"));
    Api.Response rest = client.post("/parse/classes/DataNote", new JsonObject().put("bad", true));
    assertEquals(142, rest.json().getInteger("code"), rest.text());
  }

  @Test
  @DisplayName("a refused save answers what REST answers (101, 119); a ParseError thrown or failed answers its own code, anything else 141")
  void refusalsAndErrors() {
    String annToken = TestUsers.signUp(node.config().port());
    String bobToken = TestUsers.signUp(node.config().port());
    Api ann = client.header("X-Parse-Session-Token", annToken);
    Api bob = client.header("X-Parse-Session-Token", bobToken);
    String annId = ann.get("/parse/users/me").json().getString("objectId");
    String mine = create("Private", new JsonObject().put("x", 0).put("ACL", new JsonObject().put(annId,
        new JsonObject().put("read", true).put("write", true))));
    JsonObject change = new JsonObject().put("objectId", mine).put("x", 1);
    int restCode = bob.put("/parse/classes/Private/" + mine, change).json().getInteger("code");
    Api.Response refused = call(bob, "dataSave", new JsonObject().put("className", "Private").put("object", change));
    assertEquals(restCode, refused.json().getInteger("code"), refused.text());
    assertEquals(101, restCode);
    assertEquals(1, ((JsonObject) result(ann, "dataSave", new JsonObject().put("className", "Private").put("object", change)))
        .getInteger("x"));

    assertEquals(200, master.post("/parse/schemas/ReadOnly", new JsonObject().put("className", "ReadOnly")
        .put("classLevelPermissions", new JsonObject().put("find", new JsonObject().put("*", true)))).status());
    int restCreate = ann.post("/parse/classes/ReadOnly", new JsonObject().put("x", 1)).json().getInteger("code");
    Api.Response forbidden = call(ann, "dataSave", new JsonObject().put("className", "ReadOnly").put("object", new JsonObject().put("x", 1)));
    assertEquals(119, restCreate);
    assertEquals(119, forbidden.json().getInteger("code"), forbidden.text());

    Api.Response thrown = call(client, "dataThrow", new JsonObject().put("code", 137).put("message", "taken"));
    assertEquals(137, thrown.json().getInteger("code"));
    assertEquals("taken", thrown.json().getString("error"));
    Api.Response failed = call(client, "dataFailLater", new JsonObject().put("code", 142).put("message", "later"));
    assertEquals(142, failed.json().getInteger("code"));
    assertEquals("later", failed.json().getString("error"));
    assertEquals(141, call(client, "fails", new JsonObject().put("item", "pens")).json().getInteger("code"));

    Api.Response nothing = call(client, "dataSaveNothing", new JsonObject());
    assertEquals(107, nothing.json().getInteger("code"), nothing.text());
    assertEquals("an object to save is required", nothing.json().getString("error"));

    Api.Response aggregate = call(ann, "dataAggregate", new JsonObject().put("className", "Private").put("pipeline", new JsonArray()));
    assertEquals(119, aggregate.json().getInteger("code"), "aggregate is the master key's: " + aggregate.text());
  }

  @Test
  @DisplayName("Ops (increment, addUnique, unset, relation add), include and matchesQuery, aggregate and distinct")
  void operations() {
    JsonObject ops = (JsonObject) result(master, "dataOps", new JsonObject());
    JsonObject read = ops.getJsonObject("read");
    assertEquals(3, read.getInteger("n"));
    assertEquals(new JsonArray().add("a").add("b"), read.getJsonArray("tags"));
    assertFalse(read.containsKey("gone"), read.encode());
    assertEquals(3, ops.getJsonObject("answered").getInteger("n"), "the increment's result is answered: " + ops);
    assertFalse(ops.getJsonObject("answered").containsKey("gone"));
    assertEquals(1, ops.getJsonArray("related").size());

    assertEquals(new JsonArray().add("Up by Vera"), result(master, "dataJoin", new JsonObject()));

    JsonArray grouped = (JsonArray) result(master, "dataAggregate", new JsonObject().put("className", "JoinAuthor").put("master", true)
        .put("pipeline", new JsonArray().add(new JsonObject().put("$group", new JsonObject().put("_id", "$vip")
            .put("count", new JsonObject().put("$sum", 1))))));
    assertEquals(2, grouped.size(), grouped.encode());
    JsonArray names = (JsonArray) result(master, "dataDistinct", new JsonObject().put("className", "JoinAuthor").put("field", "name")
        .put("master", true));
    assertEquals(2, names.size(), names.encode());
    assertTrue(names.contains("Vera") && names.contains("Otto"));
  }

  @Test
  @DisplayName("saveAll, count, first, get with select, each with back-pressure, deleteAll: over 3,000 objects")
  void bulk() {
    int n = 3000;
    JsonObject bulk = (JsonObject) result(master, "dataBulk", new JsonObject().put("n", n));
    assertEquals(n, bulk.getInteger("saved"));
    assertEquals(n, bulk.getInteger("count"));
    assertEquals(n / 2, bulk.getInteger("evens"));
    assertEquals(n - 1, bulk.getInteger("last"));
    assertEquals(0, bulk.getJsonObject("selected").getInteger("i"));
    assertFalse(bulk.getJsonObject("selected").containsKey("even"), "select answers only i: " + bulk.getJsonObject("selected"));
    assertEquals(n, bulk.getInteger("seen"), "each() handed every object");
    assertEquals(1, bulk.getInteger("mostPending"), "one handler pending at a time");
    assertEquals(0, ((Number) result(master, "dataBulkDelete", new JsonObject().put("n", n))).intValue(), "deleteAll deleted every one");
  }

  @Test
  @DisplayName("Parse.Config read and saved, and a file saved, read back (served at its url) and deleted")
  void configAndFiles() {
    assertEquals(200, master.put("/parse/config", new JsonObject().put("params", new JsonObject().put("greeting", "hi"))).status());
    assertEquals(new JsonObject().put("greeting", "hi"), result(client, "dataConfig", new JsonObject()));
    assertEquals(119, call(client, "dataSaveConfig", new JsonObject().put("params", new JsonObject().put("greeting", "yo")))
        .json().getInteger("code"), "saving Parse.Config is the master key's");
    assertEquals(true, result(client, "dataSaveConfig", new JsonObject().put("master", true)
        .put("params", new JsonObject().put("greeting", "hello"))));
    assertEquals("hello", client.get("/parse/config").json().getJsonObject("params").getString("greeting"));

    JsonObject file = (JsonObject) result(master, "dataFile", new JsonObject().put("name", "note.txt").put("text", "hello file"));
    assertEquals("hello file", file.getString("text"));
    assertTrue(file.getString("name").endsWith("_note.txt"), file.encode());
    String path = file.getString("url").substring(file.getString("url").indexOf("/parse/"));
    assertEquals("hello file", client.get(path).text());
    JsonObject delete = new JsonObject().put("name", file.getString("name"));
    assertEquals(119, call(client, "dataDeleteFile", delete).json().getInteger("code"), "deleting files is the master key's");
    assertEquals(true, result(client, "dataDeleteFile", delete.copy().put("master", true)));
    assertEquals(404, client.get(path).status());
  }

  @Test
  @DisplayName("a job walks a class with each() as the master key and saves what it counted")
  void job() throws Exception {
    for (int i = 1; i <= 25; i++) {
      create("Walk", new JsonObject().put("steps", i));
    }
    Api.Response accepted = master.post("/parse/jobs/dataWalk", new JsonObject().put("tag", "walk-1"));
    assertEquals(202, accepted.status(), accepted.text());
    awaitTrue(() -> master.get("/parse/classes/WalkCount", Map.of("where", new JsonObject().put("tag", "walk-1").encode()))
        .json().getJsonArray("results", new JsonArray()).size() == 1, "the job saved its count");
    JsonObject count = master.get("/parse/classes/WalkCount", Map.of("where", new JsonObject().put("tag", "walk-1").encode()))
        .json().getJsonArray("results").getJsonObject(0);
    assertEquals(25 * 26 / 2, count.getInteger("steps"));
  }

  private static String create(String className, JsonObject object) {
    Api.Response created = master.post("/parse/classes/" + className, object);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }

  static Api.Response call(Api api, String function, JsonObject params) {
    return api.post("/parse/functions/" + function, params);
  }

  static Object result(Api api, String function, JsonObject params) {
    Api.Response answer = call(api, function, params);
    assertEquals(200, answer.status(), function + ": " + answer.text());
    return answer.json().getValue("result");
  }

  private static JsonArray sorted(String... ids) {
    return new JsonArray(java.util.Arrays.stream(ids).sorted().toList());
  }

  private static JsonObject pointer(String className, String id) {
    return new JsonObject().put("__type", "Pointer").put("className", className).put("objectId", id);
  }

  private static WebSocket subscribe(List<JsonObject> received, String className) throws Exception {
    WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.config().port())
        .setURI("/parse")).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID)
        .put("masterKey", TestNodes.MASTER_KEY).encode());
    Received.await(received, 1, 10_000);
    socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
        .put("query", new JsonObject().put("className", className).put("where", new JsonObject())).encode());
    Received.await(received, 2, 10_000);
    assertEquals("subscribed", received.get(1).getString("op"), received.toString());
    return socket;
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
