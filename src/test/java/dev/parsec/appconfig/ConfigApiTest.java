package dev.parsec.appconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Api.Response;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/config: Parse.Config read by clients and saved with the master key")
class ConfigApiTest {

  private static Node node;
  private static Api client;
  private static Api master;
  private static Response firstRead;

  @BeforeAll
  static void startNode() {
    node = TestNodes.start(TestNodes.settings(TestDatabases.fresh()));
    client = Api.at(node.config().port());
    master = client.asMaster();
    firstRead = client.get("/parse/config");
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  private static void save(JsonObject params) {
    save(params, null);
  }

  private static void save(JsonObject params, JsonObject masterKeyOnly) {
    JsonObject body = new JsonObject().put("params", params);
    if (masterKeyOnly != null) {
      body.put("masterKeyOnly", masterKeyOnly);
    }
    Response saved = master.put("/parse/config", body);
    assertEquals(200, saved.status(), saved.text());
    assertEquals(new JsonObject().put("result", true), saved.json());
  }

  private static JsonObject params(Api api) {
    Response read = api.get("/parse/config");
    assertEquals(200, read.status(), read.text());
    return read.json().getJsonObject("params");
  }

  private static JsonObject delete() {
    return new JsonObject().put("__op", "Delete");
  }

  @Test
  @DisplayName("an app nobody configured yet answers an empty config")
  void emptyAtFirst() {
    assertEquals(200, firstRead.status(), firstRead.text());
    assertEquals(new JsonObject().put("params", new JsonObject()), firstRead.json());
  }

  @Test
  @DisplayName("a client reads every Parse type the master key saved, as it was saved")
  void everyTypeRoundTrips() {
    JsonObject saved = new JsonObject()
        .put("welcome", "Hello").put("winningNumber", 42).put("ratio", 0.75).put("open", true).put("nothing", null)
        .put("launch", new JsonObject().put("__type", "Date").put("iso", "2025-01-02T03:04:05.678Z"))
        .put("banner", new JsonObject().put("__type", "File").put("name", "abc_banner.png").put("url", "http://files.example/abc_banner.png"))
        .put("office", new JsonObject().put("__type", "GeoPoint").put("latitude", 10.0).put("longitude", -20.0))
        .put("featured", new JsonObject().put("__type", "Pointer").put("className", "Post").put("objectId", "abc123XYZ0"))
        .put("limits", new JsonObject().put("daily", 5).put("nested", new JsonObject().put("deep", new JsonArray().add(1).add("two"))))
        .put("companies", new JsonArray().add("US").add("DK").add(new JsonObject().put("k", "v")));
    save(saved);

    JsonObject read = params(client);
    for (String name : saved.fieldNames()) {
      assertTrue(read.containsKey(name), name);
      assertEquals(saved.getValue(name), read.getValue(name), name);
    }
  }

  @Test
  @DisplayName("master-only params are left out for clients; the master key sees them and which are master-only")
  void masterOnlyParamsAreHidden() {
    save(new JsonObject().put("publicGreeting", "hi").put("apiSecret", "s3cret").put("internalLimit", 7),
        new JsonObject().put("apiSecret", true).put("internalLimit", true).put("publicGreeting", false));

    Response asClient = client.get("/parse/config");
    JsonObject clientParams = asClient.json().getJsonObject("params");
    assertEquals("hi", clientParams.getString("publicGreeting"));
    assertFalse(clientParams.containsKey("apiSecret"));
    assertFalse(clientParams.containsKey("internalLimit"));
    assertFalse(asClient.json().containsKey("masterKeyOnly"), asClient.text());
    assertFalse(asClient.text().contains("s3cret"));

    JsonObject asMaster = master.get("/parse/config").json();
    assertEquals("s3cret", asMaster.getJsonObject("params").getString("apiSecret"));
    assertEquals(7, asMaster.getJsonObject("params").getInteger("internalLimit"));
    JsonObject flags = asMaster.getJsonObject("masterKeyOnly");
    assertEquals(true, flags.getBoolean("apiSecret"));
    assertEquals(true, flags.getBoolean("internalLimit"));
    assertEquals(false, flags.getBoolean("publicGreeting"));
  }

  @Test
  @DisplayName("a save merges: params it does not name stay, and a master-only param saved again without a flag stays master-only")
  void saveMerges() {
    save(new JsonObject().put("mergeA", 1).put("mergeToken", "old"), new JsonObject().put("mergeToken", true));
    save(new JsonObject().put("mergeB", 2).put("mergeToken", "new"));

    JsonObject all = params(master);
    assertEquals(1, all.getInteger("mergeA"));
    assertEquals(2, all.getInteger("mergeB"));
    assertEquals("new", all.getString("mergeToken"));
    assertFalse(params(client).containsKey("mergeToken"), "still master-only");

    save(new JsonObject().put("mergeToken", "public now"), new JsonObject().put("mergeToken", false));
    assertEquals("public now", params(client).getString("mergeToken"));
  }

  @Test
  @DisplayName("without the master key a save is refused with 403 and changes nothing")
  void saveNeedsTheMasterKey() {
    save(new JsonObject().put("guarded", "original"), new JsonObject().put("guarded", false));
    JsonObject before = master.get("/parse/config").json();

    Response refused = client.put("/parse/config", new JsonObject().put("params", new JsonObject().put("guarded", "hacked").put("added", 1)));
    assertEquals(403, refused.status(), refused.text());
    assertEquals(new JsonObject().put("error", "unauthorized: master key is required"), refused.json());

    Api bare = Api.at(node.config().port()).header("X-Parse-Application-Id", null);
    String jsSdkBody = new JsonObject().put("_method", "PUT").put("_ApplicationId", TestNodes.APP_ID)
        .put("params", new JsonObject().put("guarded", delete())).encode();
    Response refusedJs = bare.postRaw("/parse/config", jsSdkBody, "text/plain");
    assertEquals(403, refusedJs.status(), refusedJs.text());

    Response wrongKey = client.header("X-Parse-Master-Key", "not-the-key")
        .put("/parse/config", new JsonObject().put("params", new JsonObject().put("guarded", "hacked")));
    assertEquals(403, wrongKey.status(), wrongKey.text());

    assertEquals(before, master.get("/parse/config").json());
  }

  @Test
  @DisplayName("Delete removes a param and its flag and leaves the other params alone")
  void deleteRemovesAParam() {
    save(new JsonObject().put("doomed", "x").put("doomedSecret", "y").put("kept", "z"),
        new JsonObject().put("doomedSecret", true));
    save(new JsonObject().put("doomed", delete()).put("doomedSecret", delete()).put("fresh", "bar"));

    JsonObject asMaster = master.get("/parse/config").json();
    JsonObject all = asMaster.getJsonObject("params");
    assertFalse(all.containsKey("doomed"));
    assertFalse(all.containsKey("doomedSecret"));
    assertFalse(asMaster.getJsonObject("masterKeyOnly").containsKey("doomedSecret"));
    assertEquals("z", all.getString("kept"));
    assertEquals("bar", all.getString("fresh"));

    save(new JsonObject().put("neverExisted", delete()));
    assertFalse(params(master).containsKey("neverExisted"));
  }

  @Test
  @DisplayName("concurrent saves of different params all survive")
  void concurrentSavesAllSurvive() {
    int saves = 24;
    List<Response> answers = concurrently(saves, i -> () -> master.put("/parse/config",
        new JsonObject().put("params", new JsonObject().put("race" + i, i))
            .put("masterKeyOnly", new JsonObject().put("race" + i, i % 2 == 0))));
    answers.forEach(answer -> assertEquals(200, answer.status(), answer.text()));

    JsonObject asMaster = master.get("/parse/config").json();
    JsonObject visible = params(client);
    for (int i = 0; i < saves; i++) {
      assertEquals(i, asMaster.getJsonObject("params").getInteger("race" + i), "race" + i);
      assertEquals(i % 2 == 0, asMaster.getJsonObject("masterKeyOnly").getBoolean("race" + i), "race" + i);
      assertEquals(i % 2 != 0, visible.containsKey("race" + i), "race" + i);
    }
  }

  @Test
  @DisplayName("Increment adds atomically, and on a param that is not a number it is refused with 111 and changes nothing")
  void incrementIsAtomic() {
    save(new JsonObject().put("counter", 20).put("label", "text"));
    List<Response> answers = concurrently(30, i -> () -> master.put("/parse/config", new JsonObject()
        .put("params", new JsonObject().put("counter", new JsonObject().put("__op", "Increment").put("amount", 1)))));
    answers.forEach(answer -> assertEquals(200, answer.status(), answer.text()));
    assertEquals(50, params(client).getInteger("counter"));

    save(new JsonObject().put("newCounter", new JsonObject().put("__op", "Increment").put("amount", 2.5)));
    assertEquals(2.5, params(client).getDouble("newCounter"));

    JsonObject before = master.get("/parse/config").json();
    Response refused = master.put("/parse/config", new JsonObject().put("params", new JsonObject()
        .put("counter", 0).put("label", new JsonObject().put("__op", "Increment").put("amount", 1))));
    assertEquals(400, refused.status(), refused.text());
    assertEquals(111, refused.json().getInteger("code"));
    assertEquals(before, master.get("/parse/config").json());
  }

  @Test
  @DisplayName("a bad body gets a 400 with code 107 and changes nothing")
  void badBodyIsRefused() {
    save(new JsonObject().put("stable", "yes"));
    JsonObject before = master.get("/parse/config").json();

    List<String> bodies = List.of(
        "{\"params\": \"stable=no\"}",
        "{\"params\": [\"stable\", \"no\"]}",
        "{\"params\": null}",
        "{}",
        "{\"params\": {\"stable\": \"no\"}, \"masterKeyOnly\": \"stable\"}",
        "{\"params\": {\"stable\": \"no\"}, \"masterKeyOnly\": {\"stable\": \"yes\"}}",
        "{\"params\": {\"stable\": \"no\", \"other\": {\"__op\": \"Explode\"}}}",
        "{\"params\": {\"stable\": \"no\", \"n\": {\"__op\": \"Increment\", \"amount\": \"1\"}}}",
        "{\"params\": {\"stable\": \"no\"");
    for (String body : bodies) {
      Response refused = master.send("PUT", "/parse/config", body, "application/json");
      assertEquals(400, refused.status(), body + " -> " + refused.text());
      assertEquals(107, refused.json().getInteger("code"), body);
      assertFalse(refused.json().getString("error").isBlank(), body);
    }
    assertEquals(before, master.get("/parse/config").json());
  }

  @Test
  @DisplayName("the JS SDK's form works: POST text/plain with _method GET and PUT")
  void javascriptSdkWireFormat() {
    Api bare = Api.at(node.config().port()).header("X-Parse-Application-Id", null);
    String putBody = new JsonObject().put("_method", "PUT").put("_ApplicationId", TestNodes.APP_ID)
        .put("_MasterKey", TestNodes.MASTER_KEY).put("_ClientVersion", "js6.1.1")
        .put("params", new JsonObject().put("sdkParam", "from js").put("sdkSecret", 1))
        .put("masterKeyOnly", new JsonObject().put("sdkSecret", true)).encode();
    Response saved = bare.postRaw("/parse/config", putBody, "text/plain");
    assertEquals(200, saved.status(), saved.text());
    assertEquals(new JsonObject().put("result", true), saved.json());

    String getBody = new JsonObject().put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).encode();
    Response read = bare.postRaw("/parse/config", getBody, "text/plain");
    assertEquals(200, read.status(), read.text());
    assertEquals("from js", read.json().getJsonObject("params").getString("sdkParam"));
    assertNull(read.json().getJsonObject("params").getValue("sdkSecret"));
  }

  private static List<Response> concurrently(int count, java.util.function.IntFunction<Supplier<Response>> call) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        calls.add(CompletableFuture.supplyAsync(call.apply(i), pool));
      }
      return calls.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }
}
