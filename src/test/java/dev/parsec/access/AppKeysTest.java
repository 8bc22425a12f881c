package dev.parsec.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

@DisplayName("Client keys, the read-only master key and the maintenance key, as Parse Server judges them")
class AppKeysTest {

  private static final String JS_KEY = "js-key-for-tests";
  private static final String REST_KEY = "rest-key-for-tests";
  private static final String CLIENT_KEY = "client-key-for-tests";
  private static final String DOTNET_KEY = "dotnet-key-for-tests";
  private static final String READ_ONLY = "read-only-master-key-0123";
  private static final String MAINTENANCE = "maintenance-key-0123456";

  private static Node node;
  private static Api noKey;
  private static Api client;
  private static Api master;
  private static Api readOnly;
  private static WebSocketClient sockets;
  private static String privateId;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("javascript_key", JS_KEY, "rest_api_key", REST_KEY, "client_key", CLIENT_KEY,
        "dotnet_key", DOTNET_KEY, "read_only_master_key", READ_ONLY, "maintenance_key", MAINTENANCE,
        "livequery_classes", "*", "file_upload_public", "true"));
    node = TestNodes.startReady(settings);
    noKey = Api.at(node.config().port());
    client = noKey.header("X-Parse-REST-API-Key", REST_KEY);
    master = noKey.asMaster();
    readOnly = noKey.header("X-Parse-Master-Key", READ_ONLY);
    sockets = node.vertx().createWebSocketClient();
    privateId = master.post("/parse/classes/Thing", new JsonObject().put("topic", "seed").put("ACL", new JsonObject()))
        .json().getString("objectId");
    master.post("/parse/classes/Thing", new JsonObject().put("topic", "public"));
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("once client keys are set, a call without one, or with a wrong one, is 403 {\"error\":\"unauthorized\"}")
  void clientKeyRequired() {
    assertUnauthorized(noKey.get("/parse/classes/Thing"));
    assertUnauthorized(noKey.header("X-Parse-REST-API-Key", "wrong").get("/parse/classes/Thing"));
    // a key counts only under its own name
    assertUnauthorized(noKey.header("X-Parse-REST-API-Key", JS_KEY).get("/parse/classes/Thing"));
    assertUnauthorized(noKey.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/parse/classes/Thing")))));
    assertUnauthorized(noKey.post("/parse/users", new JsonObject().put("username", "nokey").put("password", "pw")));
    assertUnauthorized(noKey.send("POST", "/parse/files/hello.txt", "hello", "text/plain"));
    // the JS SDK's text/plain body
    assertUnauthorized(noKey.header("X-Parse-Application-Id", null).postRaw("/parse/classes/Thing", new JsonObject()
        .put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).put("_JavaScriptKey", "wrong").encode(), "text/plain"));

    for (Api keyed : List.of(client, noKey.header("X-Parse-Javascript-Key", JS_KEY), noKey.header("X-Parse-Client-Key", CLIENT_KEY),
        noKey.header("X-Parse-Windows-Key", DOTNET_KEY), master)) {
      Api.Response found = keyed.get("/parse/classes/Thing");
      assertEquals(200, found.status(), found.text());
    }
    Api.Response sdk = noKey.header("X-Parse-Application-Id", null).postRaw("/parse/classes/Thing", new JsonObject()
        .put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).put("_JavaScriptKey", JS_KEY).encode(), "text/plain");
    assertEquals(200, sdk.status(), sdk.text());
    Api.Response batch = client.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/parse/classes/Thing"))));
    assertEquals(200, batch.status(), batch.text());
    Api.Response upload = client.send("POST", "/parse/files/hello.txt", "hello", "text/plain");
    assertEquals(201, upload.status(), upload.text());
  }

  @Test
  @DisplayName("Parse Server's HTTP Basic form: appId:javascript-key=KEY, or appId:masterKey")
  void basicAuthorization() {
    Api bare = noKey.header("X-Parse-Application-Id", null);
    Api.Response js = bare.header("Authorization", basic(TestNodes.APP_ID + ":javascript-key=" + JS_KEY)).get("/parse/classes/Thing");
    assertEquals(200, js.status(), js.text());
    Api.Response asMaster = bare.header("Authorization", basic(TestNodes.APP_ID + ":" + TestNodes.MASTER_KEY))
        .get("/parse/classes/Thing/" + privateId);
    assertEquals(200, asMaster.status(), asMaster.text());
    Api readOnlyBasic = bare.header("Authorization", basic(TestNodes.APP_ID + ":" + READ_ONLY));
    assertEquals(200, readOnlyBasic.get("/parse/classes/Thing/" + privateId).status());
    assertForbidden(readOnlyBasic.post("/parse/classes/Thing", new JsonObject().put("topic", "ro")));
    assertUnauthorized(bare.header("Authorization", basic(TestNodes.APP_ID + ":javascript-key=wrong")).get("/parse/classes/Thing"));
    assertUnauthorized(bare.header("Authorization", basic("another-app:javascript-key=" + JS_KEY)).get("/parse/classes/Thing"));
  }

  private static String basic(String credentials) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the read-only master key reads what the master key reads")
  void readOnlyMasterReads() {
    assertEquals(101, client.get("/parse/classes/Thing/" + privateId).json().getInteger("code"));
    Api.Response got = readOnly.get("/parse/classes/Thing/" + privateId);
    assertEquals(200, got.status(), got.text());
    assertEquals(2, readOnly.get("/parse/classes/Thing", Map.of("where", "{\"topic\":{\"$in\":[\"seed\",\"public\"]}}"))
        .json().getJsonArray("results").size());
    assertEquals(200, readOnly.get("/parse/schemas").status());
    assertEquals(200, readOnly.get("/parse/hooks/functions").status());
    // the JS SDK's form: _MasterKey in a text/plain body, a find sent as POST with _method GET
    Api.Response sdk = noKey.header("X-Parse-Application-Id", null).postRaw("/parse/classes/Thing", new JsonObject()
        .put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).put("_MasterKey", READ_ONLY)
        .put("where", new JsonObject().put("objectId", privateId)).encode(), "text/plain");
    assertEquals(1, sdk.json().getJsonArray("results").size(), sdk.text());
  }

  @Test
  @DisplayName("the read-only master key writes nothing anywhere: 119, in batches too, and nothing is written")
  void readOnlyMasterWritesNothing() {
    assertForbidden(readOnly.post("/parse/classes/Thing", new JsonObject().put("topic", "ro")));
    assertForbidden(readOnly.put("/parse/classes/Thing/" + privateId, new JsonObject().put("topic", "ro")));
    assertForbidden(readOnly.delete("/parse/classes/Thing/" + privateId));
    assertForbidden(readOnly.post("/parse/users", new JsonObject().put("username", "ro").put("password", "pw")));
    assertForbidden(readOnly.post("/parse/schemas/RoClass", new JsonObject().put("className", "RoClass")));
    assertForbidden(readOnly.delete("/parse/schemas/Thing"));
    assertForbidden(readOnly.put("/parse/config", new JsonObject().put("params", new JsonObject().put("ro", 1))));
    assertForbidden(readOnly.post("/parse/hooks/functions", new JsonObject().put("functionName", "ro").put("url", "http://127.0.0.1:1/x")));
    assertForbidden(readOnly.post("/parse/jobs/anything", new JsonObject()));
    assertForbidden(readOnly.post("/parse/push", new JsonObject().put("channels", new JsonArray().add("x"))
        .put("data", new JsonObject().put("alert", "ro"))));
    assertForbidden(readOnly.post("/parse/functions/hello", new JsonObject()));
    assertForbidden(readOnly.send("POST", "/parse/files/ro.txt", "read only", "text/plain"));
    assertForbidden(readOnly.delete("/parse/files/some-file.txt"));
    // the JS SDK's form: a save sent with _MasterKey in the body
    assertForbidden(noKey.header("X-Parse-Application-Id", null).postRaw("/parse/classes/Thing", new JsonObject()
        .put("_ApplicationId", TestNodes.APP_ID).put("_MasterKey", READ_ONLY).put("topic", "ro").encode(), "text/plain"));

    // a batch: its reads answer, each write is refused
    Api.Response batch = readOnly.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/parse/classes/Thing/" + privateId))
        .add(new JsonObject().put("method", "POST").put("path", "/parse/classes/Thing").put("body", new JsonObject().put("topic", "ro")))
        .add(new JsonObject().put("method", "PUT").put("path", "/parse/classes/Thing/" + privateId).put("body", new JsonObject().put("topic", "ro")))
        .add(new JsonObject().put("method", "DELETE").put("path", "/parse/classes/Thing/" + privateId))));
    assertEquals(200, batch.status(), batch.text());
    JsonArray answers = new JsonArray(batch.text());
    assertEquals(privateId, answers.getJsonObject(0).getJsonObject("success").getString("objectId"));
    for (int i = 1; i < 4; i++) {
      assertEquals(119, answers.getJsonObject(i).getJsonObject("error").getInteger("code"), answers.encode());
    }
    Api.Response inTransaction = readOnly.post("/parse/batch", new JsonObject().put("transaction", true).put("requests", new JsonArray()
        .add(new JsonObject().put("method", "POST").put("path", "/parse/classes/Thing").put("body", new JsonObject().put("topic", "ro")))));
    assertEquals(119, inTransaction.json().getInteger("code"), inTransaction.text());

    assertEquals(0, master.get("/parse/classes/Thing", Map.of("where", "{\"topic\":\"ro\"}")).json().getJsonArray("results").size());
    assertEquals("seed", master.get("/parse/classes/Thing/" + privateId).json().getString("topic"));
    assertTrue(master.get("/parse/schemas/RoClass").status() >= 400, "no class was made");

    // a login by GET starts a session: refused too, alone and in a batch
    client.post("/parse/users", new JsonObject().put("username", "ro-login").put("password", "pw-ro-login"));
    assertForbidden(readOnly.get("/parse/login", Map.of("username", "ro-login", "password", "pw-ro-login")));
    Api.Response batchLogin = readOnly.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/parse/login")
            .put("body", new JsonObject().put("username", "ro-login").put("password", "pw-ro-login")))));
    assertEquals(119, new JsonArray(batchLogin.text()).getJsonObject(0).getJsonObject("error").getInteger("code"), batchLogin.text());
  }

  @Test
  @DisplayName("the read-only master key reads every session token: like the master key, only from master_key_ips (403 elsewhere)")
  void readOnlyMasterFromItsNetworksOnly() {
    Api outside = readOnly.header("X-Forwarded-For", "203.0.113.9");
    assertUnauthorized(outside.get("/parse/classes/_Session"));
    assertUnauthorized(outside.header("X-Parse-REST-API-Key", REST_KEY).get("/parse/scriptlog"));
    assertEquals(200, readOnly.get("/parse/classes/_Session").status());
  }

  @Test
  @DisplayName("the maintenance key acts as the master key on data from maintenance_key_ips, as no key elsewhere")
  void maintenanceKey() {
    Api maintenance = noKey.header("X-Parse-Maintenance-Key", MAINTENANCE);
    Api.Response got = maintenance.get("/parse/classes/Thing/" + privateId);
    assertEquals(200, got.status(), got.text());
    Api.Response updated = maintenance.put("/parse/classes/Thing/" + privateId, new JsonObject().put("fixed", true));
    assertEquals(200, updated.status(), updated.text());
    assertEquals(true, master.get("/parse/classes/Thing/" + privateId).json().getBoolean("fixed"));
    // not on the master key's own routes (schemas, config, hooks, push...), as in Parse Server
    assertEquals(403, maintenance.get("/parse/schemas").status());
    assertEquals(403, maintenance.header("X-Parse-REST-API-Key", REST_KEY).get("/parse/hooks/functions").status());
    // from another network (the client behind the trusted local proxy) it counts for nothing
    Api outside = maintenance.header("X-Forwarded-For", "203.0.113.9");
    assertUnauthorized(outside.get("/parse/classes/Thing/" + privateId));
    assertEquals(101, outside.header("X-Parse-REST-API-Key", REST_KEY).get("/parse/classes/Thing/" + privateId).json().getInteger("code"));
    // a wrong maintenance key is no key
    assertUnauthorized(noKey.header("X-Parse-Maintenance-Key", "wrong-maintenance-key").get("/parse/classes/Thing"));
  }

  @Test
  @DisplayName("LiveQuery: connect needs a client key too; the WebSocket opens on any path; the read-only master key hears all")
  void liveQuery() throws Exception {
    List<JsonObject> refused = new CopyOnWriteArrayList<>();
    WebSocket noKeySocket = connect("/parse", new JsonObject(), refused);
    Received.await(refused, 1, 10_000);
    assertEquals("error", refused.get(0).getString("op"), refused.toString());
    assertEquals(4, refused.get(0).getInteger("code"), refused.toString());
    noKeySocket.close();

    for (String path : List.of("/parse", "/", "/some/other/path")) {
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      WebSocket socket = connect(path, new JsonObject().put("javascriptKey", JS_KEY), received);
      Received.await(received, 1, 10_000);
      assertEquals("connected", received.get(0).getString("op"), path + ": " + received);
      socket.close();
    }
    for (JsonObject keys : List.of(new JsonObject().put("restAPIKey", REST_KEY), new JsonObject().put("clientKey", CLIENT_KEY),
        new JsonObject().put("windowsKey", DOTNET_KEY), new JsonObject().put("masterKey", TestNodes.MASTER_KEY))) {
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      WebSocket socket = connect("/parse", keys, received);
      Received.await(received, 1, 10_000);
      assertEquals("connected", received.get(0).getString("op"), keys.fieldNames() + ": " + received);
      socket.close();
    }

    List<JsonObject> events = new CopyOnWriteArrayList<>();
    WebSocket socket = connect("/", new JsonObject().put("masterKey", READ_ONLY), events);
    Received.await(events, 1, 10_000);
    assertEquals("connected", events.get(0).getString("op"), events.toString());
    socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1).put("query", new JsonObject()
        .put("className", "Thing").put("where", new JsonObject().put("topic", "live"))).encode());
    Received.await(events, 2, 10_000);
    master.post("/parse/classes/Thing", new JsonObject().put("topic", "live").put("ACL", new JsonObject()));
    Received.await(events, 3, 10_000);
    assertEquals("create", events.get(2).getString("op"), events.toString());
    socket.close();
  }

  private static WebSocket connect(String path, JsonObject keys, List<JsonObject> received) throws Exception {
    WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.config().port()).setURI(path))
        .await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID).mergeIn(keys).encode());
    return socket;
  }

  private static void assertUnauthorized(Api.Response response) {
    assertEquals(403, response.status(), response.text());
    assertEquals(new JsonObject().put("error", "unauthorized"), response.json());
  }

  private static void assertForbidden(Api.Response response) {
    assertEquals(400, response.status(), response.text());
    assertEquals(119, response.json().getInteger("code"), response.text());
    assertTrue(response.json().getString("error").startsWith("read-only masterKey isn't allowed"), response.text());
  }
}
