package dev.parsec.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Api.Response;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/classes: objects created, read, updated and deleted as the SDKs do it")
class ObjectsApiTest {

  private static Node node;
  private static DatabaseUrl database;
  private static Api client;
  private static Api master;

  @BeforeAll
  static void startNode() {
    database = TestDatabases.fresh();
    node = TestNodes.start(TestNodes.settings(database));
    client = Api.at(node.config().port());
    master = client.asMaster();
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  private static String create(String className, JsonObject fields) {
    Response created = master.post("/parse/classes/" + className, fields);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }

  @Test
  @DisplayName("every Parse type stored in an object comes back as it was sent")
  void everyTypeRoundTrips() {
    JsonObject fields = new JsonObject()
        .put("name", "Ada").put("score", 1337).put("ratio", 0.25).put("active", true)
        .put("born", new JsonObject().put("__type", "Date").put("iso", "1815-12-10T08:30:00.000Z"))
        .put("profile", new JsonObject().put("languages", new JsonArray().add("en").add("fr"))
            .put("deep", new JsonObject().put("a", new JsonObject().put("b", 1))))
        .put("tags", new JsonArray().add("x").add(2).add(new JsonObject().put("k", "v")))
        .put("owner", new JsonObject().put("__type", "Pointer").put("className", "Person").put("objectId", "abc123XYZ0"))
        .put("where", new JsonObject().put("__type", "GeoPoint").put("latitude", 51.5).put("longitude", -0.12))
        .put("area", new JsonObject().put("__type", "Polygon").put("coordinates",
            new JsonArray().add(new JsonArray().add(0.0).add(0.0)).add(new JsonArray().add(0.0).add(1.0)).add(new JsonArray().add(1.0).add(1.0))))
        .put("photo", new JsonObject().put("__type", "File").put("name", "abc_photo.png").put("url", "ignored"))
        .put("blob", new JsonObject().put("__type", "Bytes").put("base64", "aGVsbG8="))
        .put("ACL", new JsonObject().put("*", new JsonObject().put("read", true)));
    Response created = master.post("/parse/classes/TypeZoo", fields);
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    assertTrue(id.matches("[A-Za-z0-9]{10}"), id);
    assertTrue(created.json().getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertTrue(created.location().endsWith("/parse/classes/TypeZoo/" + id), created.location());

    JsonObject got = client.get("/parse/classes/TypeZoo/" + id).json();
    for (String field : fields.fieldNames()) {
      if (!field.equals("photo") && !field.equals("area")) {
        assertEquals(fields.getValue(field), got.getValue(field), field);
      }
    }
    JsonArray ring = fields.getJsonObject("area").getJsonArray("coordinates").copy();
    ring.add(ring.getJsonArray(0));
    assertEquals(ring, got.getJsonObject("area").getJsonArray("coordinates"), "a polygon comes back closed, as Parse Server answers it");
    assertEquals("abc_photo.png", got.getJsonObject("photo").getString("name"));
    assertTrue(got.getJsonObject("photo").getString("url").endsWith("/parse/files/" + TestNodes.APP_ID + "/abc_photo.png"));
    assertEquals(created.json().getString("createdAt"), got.getString("updatedAt"));
  }

  @Test
  @DisplayName("an update changes the fields sent, moves updatedAt, and leaves the rest alone")
  void updateChangesOnlyWhatWasSent() throws InterruptedException {
    String id = create("Note", new JsonObject().put("title", "draft").put("body", "text"));
    String before = client.get("/parse/classes/Note/" + id).json().getString("updatedAt");
    Thread.sleep(5);
    Response updated = client.put("/parse/classes/Note/" + id, new JsonObject().put("title", "final"));
    assertEquals(200, updated.status(), updated.text());
    JsonObject got = client.get("/parse/classes/Note/" + id).json();
    assertEquals("final", got.getString("title"));
    assertEquals("text", got.getString("body"));
    assertEquals(updated.json().getString("updatedAt"), got.getString("updatedAt"));
    assertNotEquals(before, got.getString("updatedAt"));
  }

  @Test
  @DisplayName("a deleted object is gone: reading, updating or deleting it again answers 404 with code 101")
  void deletedObjectIsGone() {
    String id = create("Note", new JsonObject().put("title", "bye"));
    Response deleted = client.delete("/parse/classes/Note/" + id);
    assertEquals(200, deleted.status());
    assertEquals(new JsonObject(), deleted.json());
    for (Response r : List.of(client.get("/parse/classes/Note/" + id), client.delete("/parse/classes/Note/" + id),
        client.put("/parse/classes/Note/" + id, new JsonObject().put("title", "x")))) {
      assertEquals(404, r.status(), r.text());
      assertEquals(101, r.json().getInteger("code"));
      assertEquals("Object not found.", r.json().getString("error"));
    }
  }

  @Test
  @DisplayName("the JS SDK's form works: POST text/plain with _method, _ApplicationId and _MasterKey in the body")
  void javascriptSdkWireFormat() {
    Api bare = Api.at(node.config().port()).header("X-Parse-Application-Id", null);
    String createBody = new JsonObject().put("_ApplicationId", TestNodes.APP_ID).put("_MasterKey", TestNodes.MASTER_KEY)
        .put("_ClientVersion", "js6.1.1").put("_InstallationId", "inst-1").put("color", "red").encode();
    Response created = bare.postRaw("/parse/classes/Paint", createBody, "text/plain");
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");

    String getBody = new JsonObject().put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).encode();
    Response got = bare.postRaw("/parse/classes/Paint/" + id, getBody, "text/plain");
    assertEquals(200, got.status(), got.text());
    assertEquals("red", got.json().getString("color"));
    assertFalse(got.json().containsKey("_ApplicationId"));

    String putBody = new JsonObject().put("_method", "PUT").put("_ApplicationId", TestNodes.APP_ID).put("color", "blue").encode();
    assertEquals(200, bare.postRaw("/parse/classes/Paint/" + id, putBody, "text/plain").status());

    String findBody = new JsonObject().put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID)
        .put("where", new JsonObject().put("color", "blue")).encode();
    JsonArray results = bare.postRaw("/parse/classes/Paint", findBody, "text/plain").json().getJsonArray("results");
    assertEquals(1, results.size());
    assertEquals(id, results.getJsonObject(0).getString("objectId"));

    String deleteBody = new JsonObject().put("_method", "DELETE").put("_ApplicationId", TestNodes.APP_ID).encode();
    assertEquals(200, bare.postRaw("/parse/classes/Paint/" + id, deleteBody, "text/plain").status());
    assertEquals(404, client.get("/parse/classes/Paint/" + id).status());
  }

  @Test
  @DisplayName("a missing or unknown application id gets 403 unauthorized, and nothing is written")
  void applicationIdIsRequired() {
    Api noApp = Api.at(node.config().port()).header("X-Parse-Application-Id", null);
    Api wrongApp = Api.at(node.config().port()).header("X-Parse-Application-Id", "someone-else");
    for (Api api : List.of(noApp, wrongApp)) {
      Response r = api.post("/parse/classes/Secret", new JsonObject().put("a", 1));
      assertEquals(403, r.status());
      assertEquals(new JsonObject().put("error", "unauthorized"), r.json());
    }
    assertEquals(0, client.get("/parse/classes/Secret", Map.of("count", "1", "limit", "0")).json().getInteger("count"));
  }

  @Test
  @DisplayName("without the master key a client cannot create a class (code 119), with it the class is created")
  void clientClassCreationIsOffByDefault() {
    Response refused = client.post("/parse/classes/Invented", new JsonObject().put("a", 1));
    assertEquals(400, refused.status());
    assertEquals(119, refused.json().getInteger("code"));
    assertEquals(201, master.post("/parse/classes/Invented", new JsonObject().put("a", 1)).status());
    assertEquals(201, client.post("/parse/classes/Invented", new JsonObject().put("a", 2)).status());
  }

  @Test
  @DisplayName("bad input gets a clear Parse error with a 400, never a 500, and changes nothing")
  void badInputIsRefusedCleanly() {
    String id = create("Strict", new JsonObject().put("n", 1).put("s", "text"));
    Response wrongType = client.put("/parse/classes/Strict/" + id, new JsonObject().put("n", "one").put("s", "changed"));
    assertEquals(400, wrongType.status());
    assertEquals(111, wrongType.json().getInteger("code"));
    assertEquals("text", client.get("/parse/classes/Strict/" + id).json().getString("s"), "nothing half-written");

    Response badJson = client.send("POST", "/parse/classes/Strict", "{not json", "application/json");
    assertEquals(400, badJson.status());
    assertEquals(107, badJson.json().getInteger("code"));

    Response badClass = client.get("/parse/classes/Bad-Name");
    assertEquals(400, badClass.status());
    assertEquals(103, badClass.json().getInteger("code"));

    Response badField = master.post("/parse/classes/Strict", new JsonObject().put("bad-field", 1).put("s", "x"));
    assertEquals(400, badField.status());
    assertEquals(105, badField.json().getInteger("code"));

    Response badOp = client.put("/parse/classes/Strict/" + id, new JsonObject().put("n", new JsonObject().put("__op", "Explode")));
    assertEquals(400, badOp.status());

    Response badQuery = client.get("/parse/classes/Strict", Map.of("wat", "1"));
    assertEquals(400, badQuery.status());
    assertEquals(102, badQuery.json().getInteger("code"));

    assertEquals(1, TestDatabases.count(database, "SELECT count(*) FROM \"Strict\""));
  }

  @Test
  @DisplayName("Increment is atomic: 40 concurrent increments of one counter add up to 40")
  void incrementIsAtomic() {
    String id = create("Counter", new JsonObject().put("hits", 0));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> client.put("/parse/classes/Counter/" + id,
            new JsonObject().put("hits", new JsonObject().put("__op", "Increment").put("amount", 1))), pool));
      }
      calls.forEach(call -> assertEquals(200, call.join().status()));
    } finally {
      pool.shutdown();
    }
    assertEquals(40, client.get("/parse/classes/Counter/" + id).json().getInteger("hits"));
  }

  @Test
  @DisplayName("array operations and Delete change the stored value and report the new one")
  void fieldOperations() {
    String id = create("Bag", new JsonObject().put("items", new JsonArray().add("a")).put("label", "x"));
    Response added = client.put("/parse/classes/Bag/" + id, new JsonObject()
        .put("items", new JsonObject().put("__op", "AddUnique").put("objects", new JsonArray().add("a").add("b").add("b"))));
    assertEquals(new JsonArray().add("a").add("b"), added.json().getJsonArray("items"));
    client.put("/parse/classes/Bag/" + id, new JsonObject()
        .put("items", new JsonObject().put("__op", "Add").put("objects", new JsonArray().add("c").add("a"))));
    client.put("/parse/classes/Bag/" + id, new JsonObject()
        .put("items", new JsonObject().put("__op", "Remove").put("objects", new JsonArray().add("a")))
        .put("label", new JsonObject().put("__op", "Delete")));
    JsonObject got = client.get("/parse/classes/Bag/" + id).json();
    assertEquals(new JsonArray().add("b").add("c"), got.getJsonArray("items"));
    assertFalse(got.containsKey("label"));
  }

  @Test
  @DisplayName("a find filters, orders, limits, skips, counts and picks keys")
  void findQueries() {
    for (int i = 0; i < 5; i++) {
      create("Score", new JsonObject().put("points", i * 10).put("player", "p" + i).put("team", i % 2 == 0 ? "red" : "blue"));
    }
    JsonObject found = client.get("/parse/classes/Score", Map.of(
        "where", new JsonObject().put("points", new JsonObject().put("$gte", 10).put("$lt", 40)).encode(),
        "order", "-points", "count", "1", "keys", "player")).json();
    assertEquals(3, found.getInteger("count"));
    JsonArray results = found.getJsonArray("results");
    assertEquals(List.of("p3", "p2", "p1"), results.stream().map(o -> ((JsonObject) o).getString("player")).toList());
    assertFalse(results.getJsonObject(0).containsKey("points"));

    JsonArray page = client.get("/parse/classes/Score", Map.of("order", "points", "skip", "1", "limit", "2")).json().getJsonArray("results");
    assertEquals(List.of(10, 20), page.stream().map(o -> ((JsonObject) o).getInteger("points")).toList());

    JsonArray red = client.get("/parse/classes/Score", Map.of("where", "{\"team\":\"red\",\"player\":{\"$in\":[\"p0\",\"p4\",\"p9\"]}}"))
        .json().getJsonArray("results");
    assertEquals(2, red.size());

    JsonObject none = client.get("/parse/classes/NeverWritten", Map.of("count", "1")).json();
    assertEquals(0, none.getInteger("count"));
    assertTrue(none.getJsonArray("results").isEmpty());
  }
}
