package dev.parsec.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Api.Response;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Parse Dashboard's Push pages: saved audiences, a push to one, and the push list as Dashboard queries it. */
@DisplayName("Push audiences (/push_audiences, _Audience) as Parse Server serves them; a push to one counts its use")
class PushAudiencesTest {

  private static PushFixture services;
  private static DatabaseUrl database;
  private static Node node;
  private static Api client;
  private static Api master;

  @BeforeAll
  static void start() {
    services = new PushFixture();
    database = TestDatabases.fresh();
    node = TestNodes.start(services.settings(database));
    client = Api.at(node.config().port());
    master = client.asMaster();
  }

  @AfterAll
  static void stop() {
    node.stop();
    services.close();
  }

  private static String createAudience(String name, JsonObject query) {
    // Parse Dashboard sends the query as a JSON string
    Response created = master.post("/parse/push_audiences", new JsonObject().put("name", name).put("query", query.encode()));
    assertEquals(201, created.status(), created.text());
    assertNotNull(created.json().getString("createdAt"));
    return created.json().getString("objectId");
  }

  @Test
  @DisplayName("create, list (query as an object), get, rename and delete an audience")
  void crud() {
    JsonObject query = new JsonObject().put("deviceType", "android").put("channels", new JsonObject().put("$in", new JsonArray().add("news")));
    String id = createAudience("Android news", query);
    createAudience("Everyone iOS", new JsonObject().put("deviceType", "ios"));

    JsonObject listed = master.get("/parse/push_audiences").json();
    JsonObject mine = listed.getJsonArray("results").stream().map(JsonObject.class::cast)
        .filter(a -> id.equals(a.getString("objectId"))).findFirst().orElseThrow();
    assertEquals("Android news", mine.getString("name"));
    assertEquals(query, mine.getJsonObject("query"), "the stored JSON text is answered as an object");
    assertEquals(1, master.get("/parse/push_audiences", Map.of("limit", "1")).json().getJsonArray("results").size());

    JsonObject one = master.get("/parse/push_audiences/" + id).json();
    assertEquals(query, one.getJsonObject("query"));
    // Parse Dashboard counts an audience's devices after reading it as a class
    assertEquals(query.encode(), new JsonObject(master.get("/parse/classes/_Audience/" + id).json().getString("query")).encode());

    Response renamed = master.put("/parse/push_audiences/" + id, new JsonObject().put("name", "Android headlines"));
    assertEquals(200, renamed.status(), renamed.text());
    assertNotNull(renamed.json().getString("updatedAt"));
    assertEquals("Android headlines", master.get("/parse/push_audiences/" + id).json().getString("name"));

    Response bad = master.post("/parse/push_audiences", new JsonObject().put("name", "bad").put("query", "{not json"));
    assertEquals(107, bad.json().getInteger("code"), bad.text());

    assertEquals(200, master.delete("/parse/push_audiences/" + id).status());
    assertEquals(101, master.get("/parse/push_audiences/" + id).json().getInteger("code"));
  }

  @Test
  @DisplayName("a push sent as Dashboard sends it (where = the audience's query, audience_id) reaches the devices, counts as a use, and is listed")
  void pushToAudience() {
    String channel = "ch-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      Response device = client.post("/parse/installations", new JsonObject().put("installationId", UUID.randomUUID().toString())
          .put("deviceType", "android").put("deviceToken", "fcm-" + UUID.randomUUID()).put("channels", new JsonArray().add(channel)));
      assertEquals(201, device.status(), device.text());
    }
    JsonObject query = new JsonObject().put("channels", new JsonObject().put("$in", new JsonArray().add(channel)));
    String audience = createAudience("Channel " + channel, query);

    Response sent = master.post("/parse/push", new JsonObject().put("data", new JsonObject().put("alert", "hello audience"))
        .put("where", master.get("/parse/push_audiences/" + audience).json().getJsonObject("query")).put("audience_id", audience));
    assertEquals(200, sent.status(), sent.text());
    assertEquals(true, sent.json().getBoolean("result"));
    String pushId = sent.header("X-Parse-Push-Status-Id");
    JsonObject status = PushFixture.awaitStatus(master, pushId, "succeeded");
    assertEquals(2, status.getInteger("numSent"));

    JsonObject used = null;
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      used = master.get("/parse/push_audiences/" + audience).json();
      if (used.getInteger("timesUsed", 0) == 1) {
        break;
      }
      PushFixture.sleep(100);
    }
    assertEquals(1, used.getInteger("timesUsed"), used.encode());
    assertEquals("Date", used.getJsonObject("lastUsed").getString("__type"));

    // Parse Dashboard's push list: _PushStatus where source is rest, newest first, a page at a time
    JsonObject page = master.get("/parse/classes/_PushStatus", Map.of("where", new JsonObject().put("source", "rest").encode(),
        "order", "-createdAt", "skip", "0", "limit", "10")).json();
    JsonObject listed = page.getJsonArray("results").getJsonObject(0);
    assertEquals(pushId, listed.getString("objectId"));
    assertEquals("succeeded", listed.getString("status"));
    assertEquals(query, new JsonObject(listed.getString("query")));
    // and its details: the first where objectId is the push's
    assertEquals(pushId, master.get("/parse/classes/_PushStatus", Map.of("where", new JsonObject().put("objectId", pushId).encode(),
        "limit", "1")).json().getJsonArray("results").getJsonObject(0).getString("objectId"));
  }

  @Test
  @DisplayName("every route refuses a client without the master key, as Parse Server (403 unauthorized)")
  void masterOnly() {
    String id = createAudience("secret", new JsonObject());
    List<Response> refused = List.of(
        client.get("/parse/push_audiences"),
        client.get("/parse/push_audiences/" + id),
        client.post("/parse/push_audiences", new JsonObject().put("name", "x").put("query", "{}")),
        client.put("/parse/push_audiences/" + id, new JsonObject().put("name", "taken")),
        client.delete("/parse/push_audiences/" + id));
    for (Response response : refused) {
      assertEquals(403, response.status(), response.text());
      assertEquals("unauthorized: master key is required", response.json().getString("error"));
    }
    Response asClass = client.get("/parse/classes/_Audience/" + id);
    assertTrue(asClass.status() >= 400, asClass.text());
    assertEquals("secret", master.get("/parse/push_audiences/" + id).json().getString("name"));
  }
}
