package dev.parsec.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Api.Response;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/installations: devices register as Parse Server's rules say, one installation per device and token")
class InstallationsApiTest {

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

  private static String installationId() {
    return UUID.randomUUID().toString();
  }

  private static String iosToken() {
    return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
  }

  private static JsonObject stored(String objectId) {
    Response found = master.get("/parse/installations/" + objectId);
    return found.status() == 200 ? found.json() : null;
  }

  private static long count(String where) {
    return TestDatabases.count(database, "SELECT count(*) FROM \"_Installation\" WHERE " + where);
  }

  private static void assertError(Response response, int code, String message) {
    assertEquals(400, response.status(), response.text());
    assertEquals(code, response.json().getInteger("code"), response.text());
    assertEquals(message, response.json().getString("error"), response.text());
  }

  @Test
  @DisplayName("an Android device registers with its installationId, lower-cased, and its channels")
  void androidRegisters() {
    String id = installationId().toUpperCase();
    Response created = client.post("/parse/installations", new JsonObject().put("installationId", id)
        .put("deviceType", "android").put("deviceToken", "fcm-token-" + id).put("channels", new JsonArray().add("news").add("sport")));
    assertEquals(201, created.status(), created.text());
    assertTrue(created.location().endsWith("/classes/_Installation/" + created.json().getString("objectId")), created.location());
    JsonObject installation = stored(created.json().getString("objectId"));
    assertEquals(id.toLowerCase(), installation.getString("installationId"));
    assertEquals(new JsonArray().add("news").add("sport"), installation.getJsonArray("channels"));
    assertEquals("android", installation.getString("deviceType"));
  }

  @Test
  @DisplayName("an iOS device token of 64 characters is stored lower-cased, through /classes/_Installation as the SDKs send it")
  void iosTokenLowerCased() {
    String token = iosToken().toUpperCase();
    Response created = client.post("/parse/classes/_Installation", new JsonObject().put("deviceType", "ios")
        .put("deviceToken", token).put("appIdentifier", "dev.parsec.app").put("timeZone", "Europe/Paris").put("badge", 3));
    assertEquals(201, created.status(), created.text());
    JsonObject installation = stored(created.json().getString("objectId"));
    assertEquals(token.toLowerCase(), installation.getString("deviceToken"));
    assertEquals("Europe/Paris", installation.getString("timeZone"));
    assertEquals(3, installation.getInteger("badge"));
  }

  @Test
  @DisplayName("a save without installationId or deviceToken, or a new one without deviceType, is refused with 135")
  void idsAndTypeRequired() {
    assertError(client.post("/parse/installations", new JsonObject().put("deviceType", "android")), 135,
        "at least one ID field (deviceToken, installationId) must be specified in this operation");
    assertError(client.post("/parse/installations", new JsonObject().put("installationId", installationId())), 135,
        "deviceType must be specified in this operation");
    assertEquals(0, count("\"deviceType\" IS NULL"));
  }

  @Test
  @DisplayName("saving an installationId again updates its installation (200 with its objectId) instead of making another")
  void sameInstallationIdMerges() {
    String id = installationId();
    Response first = client.post("/parse/installations", new JsonObject().put("installationId", id).put("deviceType", "ios")
        .put("channels", new JsonArray().add("a")));
    Response second = client.post("/parse/installations", new JsonObject().put("installationId", id).put("appVersion", "2.0"));
    assertEquals(200, second.status(), second.text());
    assertEquals(first.json().getString("objectId"), second.json().getString("objectId"));
    assertNotNull(second.json().getString("updatedAt"));
    assertEquals(1, count("\"installationId\" = '" + id + "'"));
    JsonObject installation = stored(first.json().getString("objectId"));
    assertEquals("2.0", installation.getString("appVersion"));
    assertEquals(new JsonArray().add("a"), installation.getJsonArray("channels"));
  }

  @Test
  @DisplayName("a client's X-Parse-Installation-Id names its installation when the body does not (Parse Server #2090)")
  void installationIdFromHeader() {
    String id = installationId();
    Api device = client.header("X-Parse-Installation-Id", id);
    Response created = device.post("/parse/installations", new JsonObject().put("deviceType", "android"));
    assertEquals(201, created.status(), created.text());
    assertEquals(id, stored(created.json().getString("objectId")).getString("installationId"));
    Response updated = device.post("/parse/classes/_Installation", new JsonObject().put("localeIdentifier", "fr-FR"));
    assertEquals(200, updated.status(), updated.text());
    assertEquals(created.json().getString("objectId"), updated.json().getString("objectId"));
    assertEquals("fr-FR", stored(created.json().getString("objectId")).getString("localeIdentifier"));
  }

  @Test
  @DisplayName("deviceType and installationId cannot change once saved (136)")
  void immutableFields() {
    String id = installationId();
    String objectId = client.post("/parse/installations", new JsonObject().put("installationId", id).put("deviceType", "android"))
        .json().getString("objectId");
    assertError(client.put("/parse/installations/" + objectId, new JsonObject().put("deviceType", "ios")), 136,
        "deviceType may not be changed in this operation");
    assertError(master.put("/parse/installations/" + objectId, new JsonObject().put("installationId", installationId())), 136,
        "installationId may not be changed in this operation");
    assertEquals("android", stored(objectId).getString("deviceType"));
    Response channels = client.put("/parse/installations/" + objectId, new JsonObject()
        .put("channels", new JsonObject().put("__op", "AddUnique").put("objects", new JsonArray().add("breaking"))));
    assertEquals(200, channels.status(), channels.text());
    assertEquals(new JsonArray().add("breaking"), stored(objectId).getJsonArray("channels"));
  }

  @Test
  @DisplayName("a device token that moves to a new installation leaves the old one, which is deleted")
  void tokenMovesToNewInstallation() {
    String token = iosToken();
    String oldId = client.post("/parse/installations", new JsonObject().put("installationId", installationId())
        .put("deviceType", "ios").put("deviceToken", token)).json().getString("objectId");
    Response reinstalled = client.post("/parse/installations", new JsonObject().put("installationId", installationId())
        .put("deviceType", "ios").put("deviceToken", token));
    assertEquals(201, reinstalled.status(), reinstalled.text());
    assertNull(stored(oldId));
    assertEquals(1, count("\"deviceToken\" = '" + token + "'"));
  }

  @Test
  @DisplayName("an installation saved with only a token becomes the one its installationId arrives with later")
  void tokenOnlyInstallationMerged() {
    String token = iosToken();
    String id = installationId();
    String byIdOnly = client.post("/parse/installations", new JsonObject().put("installationId", id).put("deviceType", "ios"))
        .json().getString("objectId");
    String byTokenOnly = client.post("/parse/installations", new JsonObject().put("deviceType", "ios").put("deviceToken", token))
        .json().getString("objectId");
    Response both = client.post("/parse/installations", new JsonObject().put("installationId", id).put("deviceType", "ios")
        .put("deviceToken", token));
    assertEquals(200, both.status(), both.text());
    assertEquals(byTokenOnly, both.json().getString("objectId"));
    assertNull(stored(byIdOnly));
    JsonObject merged = stored(byTokenOnly);
    assertEquals(id, merged.getString("installationId"));
    assertEquals(token, merged.getString("deviceToken"));
  }

  @Test
  @DisplayName("a token given to an existing installation is taken from the other installations holding it")
  void tokenUpdatedOnExistingInstallation() {
    String token = iosToken();
    String holder = client.post("/parse/installations", new JsonObject().put("installationId", installationId())
        .put("deviceType", "ios").put("deviceToken", token)).json().getString("objectId");
    String id = installationId();
    String taker = client.post("/parse/installations", new JsonObject().put("installationId", id).put("deviceType", "ios"))
        .json().getString("objectId");
    Response updated = client.post("/parse/installations", new JsonObject().put("installationId", id).put("deviceToken", token));
    assertEquals(200, updated.status(), updated.text());
    assertEquals(taker, updated.json().getString("objectId"));
    assertNull(stored(holder));
    assertEquals(token, stored(taker).getString("deviceToken"));
  }

  @Test
  @DisplayName("clients get and update an installation by objectId, but only the master key finds or deletes (119)")
  void clientsCannotFindOrDelete() {
    String objectId = client.post("/parse/installations", new JsonObject().put("installationId", installationId())
        .put("deviceType", "android")).json().getString("objectId");
    assertEquals(200, client.get("/parse/installations/" + objectId).status());
    assertError(client.get("/parse/installations"), 119,
        "Clients aren't allowed to perform the find operation on the installation collection.");
    assertError(client.get("/parse/classes/_Installation", Map.of("where", "{\"deviceType\":\"android\"}")), 119,
        "Clients aren't allowed to perform the find operation on the installation collection.");
    assertError(client.delete("/parse/installations/" + objectId), 119,
        "Clients aren't allowed to perform the delete operation on the installation collection.");
    Response found = master.get("/parse/installations", Map.of("where", new JsonObject().put("objectId", objectId).encode()));
    assertEquals(1, found.json().getJsonArray("results").size(), found.text());
    assertEquals(200, master.delete("/parse/installations/" + objectId).status());
    assertNull(stored(objectId));
  }

  @Test
  @DisplayName("badge takes Increment, and a wrongly typed field is refused with 111, changing nothing")
  void badgeAndTypes() {
    String objectId = client.post("/parse/installations", new JsonObject().put("installationId", installationId())
        .put("deviceType", "ios").put("badge", 1)).json().getString("objectId");
    Response incremented = client.put("/parse/installations/" + objectId, new JsonObject()
        .put("badge", new JsonObject().put("__op", "Increment").put("amount", 2)));
    assertEquals(200, incremented.status(), incremented.text());
    assertEquals(3, incremented.json().getInteger("badge"));
    assertEquals(111, client.put("/parse/installations/" + objectId, new JsonObject().put("badge", "many")).json().getInteger("code"));
    assertEquals(111, client.put("/parse/installations/" + objectId, new JsonObject()
        .put("channels", new JsonArray().add(1))).json().getInteger("code"));
    assertEquals(111, client.post("/parse/installations", new JsonObject().put("installationId", 7).put("deviceType", "ios"))
        .json().getInteger("code"));
    assertEquals(3, stored(objectId).getInteger("badge"));
    assertFalse(stored(objectId).containsKey("channels"));
  }
}
