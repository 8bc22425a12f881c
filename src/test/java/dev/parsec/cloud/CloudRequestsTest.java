package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Functions and triggers of the test module RequestFunctions, and a webhook of the test, on one node. */
@DisplayName("Cloud requests as Parse Server gives them (whole user, object and original, context, headers) and validators")
class CloudRequestsTest {

  private static DatabaseUrl database;
  private static Node node;
  private static Api client;
  private static Vertx vertx;
  private static HttpServer hookServer;
  private static final BlockingQueue<JsonObject> HOOK_CALLS = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    hookServer = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      HOOK_CALLS.add(call);
      // as a hook written for Parse Server answers: the whole object, with a field set
      JsonObject answer = new JsonObject().put("success", call.getJsonObject("object").copy().put("hooked", true));
      request.response().putHeader("Content-Type", "application/json").end(answer.toBuffer());
    })).listen(0, "127.0.0.1").await();
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("allow_client_class_creation", "true");
    node = TestNodes.start(settings);
    client = Api.at(node.config().port());
    client.awaitReady();
  }

  @AfterAll
  static void stop() {
    node.stop();
    vertx.close().await();
  }

  /** A new user with a custom field; answers {objectId, sessionToken, username}. */
  private static JsonObject signUp() {
    String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created = client.post("/parse/users", new JsonObject().put("username", name).put("password", "pw-" + name)
        .put("favoriteColor", "teal"));
    assertEquals(201, created.status(), created.text());
    return created.json().put("username", name);
  }

  private static Api as(JsonObject user) {
    return client.header("X-Parse-Session-Token", user.getString("sessionToken"));
  }

  private static void assertNoSecrets(JsonObject user) {
    for (String secret : new String[] {"password", "_hashed_password", "sessionToken", "authData"}) {
      assertFalse(user.containsKey(secret), "the user shows " + secret + ": " + user.encode());
    }
  }

  @Test
  @DisplayName("a function gets the whole user (no password hash or token), master, installation, ip, headers without keys, its name, the context, a logger")
  void functionRequest() {
    JsonObject user = signUp();
    JsonObject answer = as(user).header("X-Parse-Installation-Id", "device-7").header("X-Test-Header", "hello")
        .header("X-Parse-Cloud-Context", "{\"source\":\"header\"}")
        .post("/parse/functions/echoRequest", new JsonObject().put("n", 1)).json().getJsonObject("result");
    assertEquals(new JsonObject().put("n", 1), answer.getJsonObject("params"));
    JsonObject seenUser = answer.getJsonObject("user");
    assertEquals(user.getString("objectId"), seenUser.getString("objectId"));
    assertEquals(user.getString("objectId"), answer.getString("userId"));
    assertEquals(user.getString("username"), seenUser.getString("username"));
    assertEquals("teal", seenUser.getString("favoriteColor"));
    assertNotNull(seenUser.getString("createdAt"));
    assertNoSecrets(seenUser);
    assertEquals(false, answer.getBoolean("master"));
    assertEquals("device-7", answer.getString("installationId"));
    assertEquals("127.0.0.1", answer.getString("ip"));
    JsonObject headers = answer.getJsonObject("headers");
    assertEquals("hello", headers.getString("x-test-header"));
    assertEquals(TestNodes.APP_ID, headers.getString("x-parse-application-id"));
    assertFalse(headers.containsKey("x-parse-session-token"), "no session token in the headers: " + headers.encode());
    assertEquals("echoRequest", answer.getString("functionName"));
    assertEquals(new JsonObject().put("source", "header"), answer.getJsonObject("context"));
    assertEquals("cloud.function.echoRequest", answer.getString("log"));

    JsonObject asMaster = client.asMaster().post("/parse/functions/echoRequest", new JsonObject()).json().getJsonObject("result");
    assertEquals(true, asMaster.getBoolean("master"));
    assertNull(asMaster.getValue("user"));
    assertFalse(asMaster.getJsonObject("headers").containsKey("x-parse-master-key"), "the master key never reaches code");

    JsonObject anonymous = client.post("/parse/users", new JsonObject().put("authData", new JsonObject()
        .put("anonymous", new JsonObject().put("id", UUID.randomUUID().toString())))).json();
    JsonObject providerUser = as(anonymous).post("/parse/functions/echoRequest", new JsonObject()).json()
        .getJsonObject("result").getJsonObject("user");
    assertEquals(anonymous.getString("objectId"), providerUser.getString("objectId"));
    assertNoSecrets(providerUser);

    Api.Response badContext = client.header("X-Parse-Cloud-Context", "[1]").post("/parse/functions/echoRequest", new JsonObject());
    assertEquals(107, badContext.json().getInteger("code"), badContext.text());
  }

  @Test
  @DisplayName("a find trigger gets the whole user, the address, headers, its name and a logger")
  void findRequest() {
    JsonObject user = signUp();
    assertEquals(200, as(user).get("/parse/classes/Watched", Map.of("where", "{\"tag\":\"found\"}")).status());
    JsonObject seen = RequestFunctions.SEEN.get("beforeFind found");
    assertEquals(user.getString("objectId"), seen.getJsonObject("user").getString("objectId"));
    assertEquals("teal", seen.getJsonObject("user").getString("favoriteColor"));
    assertNoSecrets(seen.getJsonObject("user"));
    assertEquals("127.0.0.1", seen.getString("ip"));
    assertEquals(TestNodes.APP_ID, seen.getJsonObject("headers").getString("x-parse-application-id"));
    assertEquals("beforeFind", seen.getString("triggerName"));
    assertEquals("cloud.beforeFind.Watched", seen.getString("log"));
  }

  @Test
  @DisplayName("beforeSave sees original vs object on an update (an Increment applied, saved as an Increment); its changes, removals and nulls are saved as documented")
  void originalAndObject() throws Exception {
    JsonObject user = signUp();
    Api caller = as(user);
    Api.Response created = caller.post("/parse/classes/Scored", new JsonObject().put("tag", "upd").put("score", 1)
        .put("title", "first").put("note", "keep me").put("scratch", "dropped"));
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    JsonObject onCreate = RequestFunctions.SEEN.get("beforeSave upd");
    assertNull(onCreate.getValue("original"), "no original on a create");
    assertNull(onCreate.getValue("objectId"));
    assertEquals("beforeSave", onCreate.getString("triggerName"));
    assertEquals("cloud.beforeSave.Scored", onCreate.getString("log"));
    JsonObject stored = client.asMaster().get("/parse/classes/Scored/" + id).json();
    assertEquals("FIRST", stored.getString("titleUpper"));
    assertFalse(stored.containsKey("scratch"), "a field the trigger removed is not written");

    Api.Response updated = caller.put("/parse/classes/Scored/" + id, new JsonObject()
        .put("score", new JsonObject().put("__op", "Increment").put("amount", 2)).put("title", "second"));
    assertEquals(200, updated.status(), updated.text());
    JsonObject seen = RequestFunctions.SEEN.get("beforeSave upd");
    assertEquals(id, seen.getString("objectId"));
    JsonObject original = seen.getJsonObject("original");
    JsonObject object = seen.getJsonObject("object");
    assertEquals(1, original.getInteger("score"));
    assertEquals("first", original.getString("title"));
    assertEquals(3, object.getInteger("score"), "the Increment applied to the stored value");
    assertEquals("second", object.getString("title"));
    assertEquals("keep me", object.getString("note"), "the whole object, not just the changes");
    assertEquals(id, object.getString("objectId"));
    assertEquals(user.getString("objectId"), seen.getJsonObject("user").getString("objectId"));
    assertEquals("teal", seen.getJsonObject("user").getString("favoriteColor"));
    assertNoSecrets(seen.getJsonObject("user"));
    stored = client.asMaster().get("/parse/classes/Scored/" + id).json();
    assertEquals(3, stored.getInteger("score"));
    assertEquals("SECOND", stored.getString("titleUpper"));
    assertEquals("keep me", stored.getString("note"));

    // a concurrent Increment stays atomic: the trigger left the field as given, so the client's operation is saved
    TestDatabases.execute(database, "UPDATE \"Scored\" SET score = 10 WHERE \"objectId\" = '" + id + "'");
    caller.put("/parse/classes/Scored/" + id, new JsonObject().put("score", new JsonObject().put("__op", "Increment").put("amount", 1)));
    assertEquals(11, client.asMaster().get("/parse/classes/Scored/" + id).json().getInteger("score"));

    caller.put("/parse/classes/Scored/" + id, new JsonObject().put("clear", true));
    stored = client.asMaster().get("/parse/classes/Scored/" + id).json();
    assertFalse(stored.containsKey("note"), "a field the trigger set to null is deleted: " + stored.encode());
    assertFalse(stored.containsKey("clear"));
    assertEquals("second", stored.getString("title"), "other fields stay");

    JsonObject after = await("afterSave upd", s -> s.getJsonObject("original") != null
        && s.getJsonObject("original").containsKey("note") && !s.getJsonObject("object").containsKey("note"));
    assertEquals(11, after.getJsonObject("object").getInteger("score"));
    assertEquals("afterSave", after.getString("triggerName"));
    assertNotNull(after.getJsonObject("object").getString("updatedAt"));

    Api.Response deleted = caller.delete("/parse/classes/Scored/" + id);
    assertEquals(200, deleted.status(), deleted.text());
    JsonObject beforeDelete = RequestFunctions.SEEN.get("beforeDelete upd");
    assertEquals("second", beforeDelete.getJsonObject("object").getString("title"), "a delete shows the stored object");
    JsonObject afterDelete = await("afterDelete upd", s -> true);
    assertEquals(id, afterDelete.getJsonObject("object").getString("objectId"));
    assertEquals(true, afterDelete.getJsonObject("context").getBoolean("fromBeforeDelete"));
  }

  @Test
  @DisplayName("the context a JS SDK save sends as _context reaches beforeSave and afterSave, with what beforeSave added")
  void contextFromTheJsSdk() throws Exception {
    JsonObject user = signUp();
    String body = new JsonObject().put("_ApplicationId", TestNodes.APP_ID).put("_SessionToken", user.getString("sessionToken"))
        .put("_ClientVersion", "js5.3.0").put("_InstallationId", "js-device")
        .put("_context", new JsonObject().put("reason", "import").put("batch", 7))
        .put("tag", "ctx").put("score", 5).encode();
    Api.Response created = Api.at(node.config().port()).header("X-Parse-Application-Id", null)
        .postRaw("/parse/classes/Scored", body, "text/plain");
    assertEquals(201, created.status(), created.text());
    JsonObject before = RequestFunctions.SEEN.get("beforeSave ctx");
    assertEquals(new JsonObject().put("reason", "import").put("batch", 7), before.getJsonObject("context"));
    assertEquals("js-device", before.getString("installationId"));
    assertFalse(before.getJsonObject("object").containsKey("_context"), "the context is no field");
    JsonObject after = await("afterSave ctx", s -> true);
    assertEquals(new JsonObject().put("reason", "import").put("batch", 7).put("fromBeforeSave", true), after.getJsonObject("context"));
    String id = created.json().getString("objectId");
    assertFalse(client.asMaster().get("/parse/classes/Scored/" + id).json().containsKey("_context"));
  }

  @Test
  @DisplayName("requireUser, requireMaster, roles and user keys refuse with 142 and Parse Server's messages, and let the right caller through")
  void callerValidators() {
    JsonObject plain = signUp();
    JsonObject admin = signUp();
    Api master = client.asMaster();
    JsonObject pointer = new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", admin.getString("objectId"));
    assertEquals(201, master.post("/parse/roles", new JsonObject().put("name", "Admin").put("ACL", new JsonObject())
        .put("users", new JsonObject().put("__op", "AddRelation").put("objects", new JsonArray().add(pointer)))).status());

    assertRefused(client.post("/parse/functions/needsUser", new JsonObject()), "Validation failed. Please login to continue.");
    assertEquals("hello " + plain.getString("username"),
        as(plain).post("/parse/functions/needsUser", new JsonObject()).json().getString("result"));

    assertRefused(as(plain).post("/parse/functions/needsMaster", new JsonObject()),
        "Validation failed. Master key is required to complete this request.");
    assertEquals("master", master.post("/parse/functions/needsMaster", new JsonObject()).json().getString("result"));

    assertRefused(client.post("/parse/functions/needsAdmin", new JsonObject()), "Validation failed. Please login to continue.");
    assertRefused(as(plain).post("/parse/functions/needsAdmin", new JsonObject()),
        "Validation failed. User does not match the required roles.");
    assertEquals("admin", as(admin).post("/parse/functions/needsAdmin", new JsonObject()).json().getString("result"));
    assertRefused(as(admin).post("/parse/functions/needsBoth", new JsonObject()),
        "Validation failed. User does not match all the required roles.");
    assertEquals("admin", master.post("/parse/functions/needsAdmin", new JsonObject()).json().getString("result"),
        "the master key passes, as in Parse Server");

    assertEquals("colored", as(plain).post("/parse/functions/needsColor", new JsonObject()).json().getString("result"));
    JsonObject colorless = client.post("/parse/users", new JsonObject().put("username", "grey-" + UUID.randomUUID())
        .put("password", "pw-123456")).json();
    assertRefused(as(colorless).post("/parse/functions/needsColor", new JsonObject()),
        "Validation failed. Please set data for favoriteColor on your account.");
  }

  @Test
  @DisplayName("fields: required, type, options (values or a test), a custom error, and a default filled in")
  void fieldValidators() {
    assertRefused(client.post("/parse/functions/scoreGame", new JsonObject()), "Validation failed. Please specify data for score.");
    assertRefused(client.post("/parse/functions/scoreGame", new JsonObject().put("score", "ten")),
        "Validation failed. Invalid type for score. Expected: number");
    assertRefused(client.post("/parse/functions/scoreGame", new JsonObject().put("score", 11)),
        "Validation failed. Invalid value for score.");
    assertRefused(client.post("/parse/functions/scoreGame", new JsonObject().put("score", 3).put("mode", "odd")),
        "Validation failed. Invalid option for mode. Expected: easy, hard");
    assertRefused(client.post("/parse/functions/scoreGame", new JsonObject().put("score", 3).put("player", "cheater")),
        "no cheaters");
    assertEquals(new JsonObject().put("score", 3).put("mode", "easy"),
        client.post("/parse/functions/scoreGame", new JsonObject().put("score", 3)).json().getJsonObject("result"));
    assertEquals("hard", client.post("/parse/functions/scoreGame", new JsonObject().put("score", 10).put("mode", "hard"))
        .json().getJsonObject("result").getString("mode"));
  }

  @Test
  @DisplayName("a trigger's validator: refuses with nothing written, fills a default, and keeps a constant field as stored")
  void triggerValidator() {
    Api.Response refused = client.post("/parse/classes/Guarded", new JsonObject().put("title", "anonymous"));
    assertEquals(142, refused.json().getInteger("code"), refused.text());
    assertEquals("Validation failed. Please login to continue.", refused.json().getString("error"));
    boolean made = TestDatabases.count(database, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'Guarded'") > 0;
    assertTrue(!made || TestDatabases.count(database, "SELECT count(*) FROM \"Guarded\"") == 0, "nothing written");

    Api caller = as(signUp());
    String id = caller.post("/parse/classes/Guarded", new JsonObject().put("title", "mine").put("status", "done"))
        .json().getString("objectId");
    JsonObject stored = client.asMaster().get("/parse/classes/Guarded/" + id).json();
    assertEquals("new", stored.getString("status"), "a constant takes its default on a create");
    assertEquals(1, stored.getInteger("level"), "a default is filled in");
    assertEquals(200, caller.put("/parse/classes/Guarded/" + id, new JsonObject().put("status", "hacked").put("level", 4)).status());
    stored = client.asMaster().get("/parse/classes/Guarded/" + id).json();
    assertEquals("new", stored.getString("status"), "a constant keeps its stored value");
    assertEquals(4, stored.getInteger("level"));
  }

  @Test
  @DisplayName("a function's rate limit refuses the call past its count in the window with 429 (Parse's 100); the master key is not counted")
  void rateLimit() throws InterruptedException {
    RequestFunctions.awaitWindowStart();
    for (int i = 0; i < 3; i++) {
      assertEquals("ok", client.post("/parse/functions/limited", new JsonObject()).json().getString("result"), "call " + (i + 1));
    }
    Api.Response refused = client.post("/parse/functions/limited", new JsonObject());
    assertEquals(429, refused.status(), refused.text());
    assertEquals(100, refused.json().getInteger("code"));
    assertEquals("Too many requests.", refused.json().getString("error"));
    assertEquals("ok", client.asMaster().post("/parse/functions/limited", new JsonObject()).json().getString("result"));
  }

  @Test
  @DisplayName("a beforeSave webhook gets the whole user, the object and the original, the context and headers without keys")
  void webhookRequest() throws Exception {
    Api master = client.asMaster();
    assertEquals(200, master.post("/parse/hooks/triggers", new JsonObject().put("className", "Hooked").put("triggerName", "beforeSave")
        .put("url", "http://127.0.0.1:" + hookServer.actualPort() + "/before")).status());
    JsonObject user = signUp();
    Api caller = as(user).header("X-Parse-Cloud-Context", "{\"via\":\"hook\"}");
    String id = caller.post("/parse/classes/Hooked", new JsonObject().put("title", "one").put("n", 1)).json().getString("objectId");
    HOOK_CALLS.poll(5, TimeUnit.SECONDS);
    assertEquals(200, caller.put("/parse/classes/Hooked/" + id, new JsonObject().put("title", "two")).status());
    JsonObject call = HOOK_CALLS.poll(5, TimeUnit.SECONDS);
    assertNotNull(call, "the hook was called");
    assertEquals("beforeSave", call.getString("triggerName"));
    JsonObject hookUser = call.getJsonObject("user");
    assertEquals(user.getString("objectId"), hookUser.getString("objectId"));
    assertEquals("teal", hookUser.getString("favoriteColor"));
    assertNoSecrets(hookUser);
    assertEquals("two", call.getJsonObject("object").getString("title"));
    assertEquals(1, call.getJsonObject("object").getInteger("n"), "the whole object");
    assertEquals("Hooked", call.getJsonObject("object").getString("className"));
    assertEquals(id, call.getJsonObject("object").getString("objectId"));
    assertEquals("one", call.getJsonObject("original").getString("title"));
    assertEquals("Hooked", call.getJsonObject("original").getString("className"));
    assertEquals(new JsonObject().put("via", "hook"), call.getJsonObject("context"));
    assertEquals(false, call.getBoolean("master"));
    assertEquals("127.0.0.1", call.getString("ip"));
    assertFalse(call.getJsonObject("headers").containsKey("x-parse-session-token"));
    assertFalse(call.containsKey("roles"));
    JsonObject stored = master.get("/parse/classes/Hooked/" + id).json();
    assertEquals("two", stored.getString("title"));
    assertEquals(true, stored.getBoolean("hooked"));
  }

  private static void assertRefused(Api.Response response, String message) {
    assertEquals(142, response.json().getInteger("code"), response.text());
    assertEquals(message, response.json().getString("error"));
  }

  private static JsonObject await(String key, java.util.function.Predicate<JsonObject> ready) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject seen = RequestFunctions.SEEN.get(key);
      if (seen != null && ready.test(seen)) {
        return seen;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the trigger did not see " + key + ": " + RequestFunctions.SEEN.get(key));
  }
}
