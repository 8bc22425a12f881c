package dev.parsec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The routes SDKs and apps call beyond objects and users, answered as Parse Server answers them, and who
 * may call each: /events, {mount}/health, /sessions writes, /upgradeToRevocableSession, /loginAs and file
 * metadata.
 */
@DisplayName("Routes the SDKs call: events, health, session writes, upgrade, loginAs, file metadata")
class SdkRoutesTest {

  private static DatabaseUrl database;
  private static Node node;
  private static Api client;
  private static Api master;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    node = TestNodes.startReady(TestNodes.settings(database));
    client = Api.at(node.config().port());
    master = client.asMaster();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private record User(String id, String token) {
  }

  private static User signUp() {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created = client.post("/parse/users", new JsonObject().put("username", name).put("password", "pw-" + name));
    assertEquals(201, created.status(), created.text());
    return new User(created.json().getString("objectId"), created.json().getString("sessionToken"));
  }

  private static Api as(String token) {
    return client.header("X-Parse-Session-Token", token);
  }

  private static JsonObject pointer(String userId) {
    return new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", userId);
  }

  private static int code(Api.Response response) {
    return response.json().getInteger("code", 0);
  }

  @Test
  @DisplayName("POST /events/:name answers {} to any client with the app id and counts the event on /metrics, with bounded names")
  void events() {
    Api.Response opened = client.post("/parse/events/AppOpened", new JsonObject().put("at", new JsonObject()
        .put("__type", "Date").put("iso", "2026-01-01T00:00:00.000Z")));
    assertEquals(200, opened.status(), opened.text());
    assertEquals(new JsonObject(), opened.json());
    Api.Response custom = client.post("/parse/events/ButtonTapped", new JsonObject().put("dimensions", new JsonObject().put("screen", "home")));
    assertEquals(new JsonObject(), custom.json());
    // as the JS SDK sends it: text/plain JSON with the keys in the body
    Api.Response sdk = Api.at(node.config().port()).header("X-Parse-Application-Id", null).postRaw("/parse/events/ButtonTapped",
        new JsonObject().put("_ApplicationId", TestNodes.APP_ID).put("_JavaScriptKey", "js").put("dimensions", new JsonObject()).encode(),
        "text/plain");
    assertEquals(200, sdk.status(), sdk.text());
    assertEquals(403, client.header("X-Parse-Application-Id", "another-app").post("/parse/events/AppOpened", new JsonObject()).status(),
        "another app's id is refused");
    assertEquals(403, client.header("X-Parse-Application-Id", null).post("/parse/events/AppOpened", new JsonObject()).status(),
        "no app id is refused");

    String metrics = client.get("/metrics").text();
    assertEquals(1.0, counted(metrics, "AppOpened"), metrics);
    assertEquals(2.0, counted(metrics, "ButtonTapped"), metrics);

    // a client sending many names cannot grow the metric without end: past 100 names they count as "other"
    for (int i = 0; i < 120; i++) {
      assertEquals(200, client.post("/parse/events/flood" + i, new JsonObject()).status());
    }
    assertEquals(200, client.post("/parse/events/" + "x".repeat(200), new JsonObject()).status());
    metrics = client.get("/metrics").text();
    Set<String> names = eventNames(metrics);
    assertTrue(names.size() <= 101, names.size() + " names: " + names);
    assertTrue(names.contains("other"), names.toString());
    assertTrue(counted(metrics, "other") >= 21, metrics);
    assertEquals(1.0, counted(metrics, "AppOpened"), "names counted before stay counted");
  }

  private static final Pattern EVENT_LINE = Pattern.compile("^parsec_analytics_events_total\\{(.*)} (\\S+)$");

  private static Set<String> eventNames(String metrics) {
    return metrics.lines().map(EVENT_LINE::matcher).filter(Matcher::matches).map(m -> tag(m.group(1))).collect(Collectors.toSet());
  }

  private static double counted(String metrics, String event) {
    return metrics.lines().map(EVENT_LINE::matcher).filter(Matcher::matches).filter(m -> event.equals(tag(m.group(1))))
        .mapToDouble(m -> Double.parseDouble(m.group(2))).sum();
  }

  private static String tag(String labels) {
    Matcher m = Pattern.compile("event=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : null;
  }

  @Test
  @DisplayName("{mount}/health answers 200 {\"status\":\"ok\"} as Parse Server, with no app id needed; the operators' /health stays")
  void health() {
    Api.Response health = client.header("X-Parse-Application-Id", null).get("/parse/health");
    assertEquals(200, health.status(), health.text());
    assertEquals(new JsonObject().put("status", "ok"), health.json());
    assertEquals(200, client.header("X-Parse-Application-Id", "another-app").get("/parse/health").status(),
        "Parse Server answers before it reads the keys");
    assertEquals(200, client.post("/parse/health", new JsonObject()).status(), "any method, as Parse Server");
    assertEquals(new JsonObject().put("status", "UP"), client.get("/health").json());
  }

  @Test
  @DisplayName("POST /sessions starts a session of the caller's user; the master key names the user; fields the server sets are refused")
  void createSessions() {
    User alice = signUp();
    User bob = signUp();
    Api.Response created = as(alice.token()).post("/parse/sessions", new JsonObject().put("deviceName", "kiosk")
        .put("user", pointer(bob.id())));
    assertEquals(201, created.status(), created.text());
    JsonObject session = created.json();
    assertTrue(session.getString("sessionToken").startsWith("r:"), session.encode());
    assertEquals(pointer(alice.id()), session.getJsonObject("user"), "the caller's own user, whatever the body names");
    assertEquals(new JsonObject().put("action", "create"), session.getJsonObject("createdWith"));
    assertEquals("Date", session.getJsonObject("expiresAt").getString("__type"));
    assertEquals("kiosk", session.getString("deviceName"));
    assertTrue(created.location().endsWith("/sessions/" + session.getString("objectId")), created.location());
    assertEquals(alice.id(), as(session.getString("sessionToken")).get("/parse/users/me").json().getString("objectId"));
    JsonObject stored = as(session.getString("sessionToken")).get("/parse/sessions/me").json();
    assertEquals("kiosk", stored.getString("deviceName"));
    assertEquals(session.getString("objectId"), stored.getString("objectId"));

    // the SDK's Parse.Session save goes to /classes/_Session
    Api.Response viaClasses = as(alice.token()).post("/parse/classes/_Session", new JsonObject());
    assertEquals(201, viaClasses.status(), viaClasses.text());
    assertEquals(pointer(alice.id()), viaClasses.json().getJsonObject("user"));

    Api.Response anonymous = client.post("/parse/sessions", new JsonObject());
    assertEquals(209, code(anonymous), anonymous.text());
    assertEquals(105, code(as(alice.token()).post("/parse/sessions", new JsonObject().put("ACL", new JsonObject()))));
    for (String field : new String[] {"sessionToken", "expiresAt", "createdWith", "restricted"}) {
      Object value = field.equals("expiresAt") ? new JsonObject().put("__type", "Date").put("iso", "2099-01-01T00:00:00.000Z")
          : field.equals("createdWith") ? new JsonObject().put("action", "login") : field.equals("restricted") ? (Object) false : "r:mine";
      Api.Response refused = as(alice.token()).post("/parse/sessions", new JsonObject().put(field, value));
      assertEquals(105, code(refused), field + ": " + refused.text());
    }

    Api.Response forBob = master.post("/parse/sessions", new JsonObject().put("user", pointer(bob.id())));
    assertEquals(201, forBob.status(), forBob.text());
    assertEquals(bob.id(), as(forBob.json().getString("sessionToken")).get("/parse/users/me").json().getString("objectId"));
    assertEquals(111, code(master.post("/parse/sessions", new JsonObject())), "the master key names the user");
    assertEquals(105, code(master.post("/parse/sessions", new JsonObject().put("user", pointer(bob.id())).put("sessionToken", "r:x"))));
  }

  @Test
  @DisplayName("a new session on an installation replaces the user's earlier session there, as Parse Server")
  void sessionPerInstallation() {
    User carol = signUp();
    String first = as(carol.token()).post("/parse/sessions", new JsonObject().put("installationId", "device-1")).json().getString("sessionToken");
    assertEquals(200, as(first).get("/parse/users/me").status());
    String second = as(carol.token()).post("/parse/sessions", new JsonObject().put("installationId", "device-1")).json().getString("sessionToken");
    assertEquals(200, as(second).get("/parse/users/me").status());
    assertEquals(209, code(as(first).get("/parse/users/me")), "the earlier session on device-1 ended");
    assertEquals(200, as(carol.token()).get("/parse/users/me").status(), "a session elsewhere stays");
  }

  @Test
  @DisplayName("PUT /sessions/:id changes the caller's own sessions only; no one changes a token; the master key's new expiry binds at once")
  void updateSessions() {
    User dave = signUp();
    User erin = signUp();
    String daveSession = as(dave.token()).get("/parse/sessions/me").json().getString("objectId");
    String erinSession = as(erin.token()).get("/parse/sessions/me").json().getString("objectId");

    Api.Response changed = as(dave.token()).put("/parse/sessions/" + daveSession, new JsonObject().put("deviceName", "phone"));
    assertEquals(200, changed.status(), changed.text());
    assertTrue(changed.json().containsKey("updatedAt"), changed.text());
    assertEquals("phone", as(dave.token()).get("/parse/sessions/me").json().getString("deviceName"));
    Api.Response viaClasses = as(dave.token()).put("/parse/classes/_Session/" + daveSession, new JsonObject().put("deviceName", "tablet"));
    assertEquals(200, viaClasses.status(), viaClasses.text());

    Api.Response others = as(dave.token()).put("/parse/sessions/" + erinSession, new JsonObject().put("deviceName", "mine"));
    assertEquals(101, code(others), others.text());
    assertEquals(209, code(client.put("/parse/sessions/" + daveSession, new JsonObject().put("deviceName", "x"))));
    assertEquals(105, code(as(dave.token()).put("/parse/sessions/" + daveSession, new JsonObject().put("user", pointer(erin.id())))));
    assertEquals(105, code(as(dave.token()).put("/parse/sessions/" + daveSession, new JsonObject()
        .put("expiresAt", new JsonObject().put("__type", "Date").put("iso", "2999-01-01T00:00:00.000Z")))), "a client does not extend its session");
    assertEquals(105, code(as(dave.token()).put("/parse/sessions/" + daveSession, new JsonObject().put("ACL", new JsonObject()))));
    assertEquals(105, code(master.put("/parse/sessions/" + daveSession, new JsonObject().put("sessionToken", "r:chosen"))));
    assertEquals(105, code(master.put("/parse/sessions/" + daveSession, new JsonObject().put("installationId", "elsewhere"))));

    // the token is cached after use; the master key ending the session now is seen on the next request
    assertEquals(200, as(erin.token()).get("/parse/users/me").status());
    Api.Response expired = master.put("/parse/sessions/" + erinSession, new JsonObject()
        .put("expiresAt", new JsonObject().put("__type", "Date").put("iso", "2020-01-01T00:00:00.000Z")));
    assertEquals(200, expired.status(), expired.text());
    assertEquals(209, code(as(erin.token()).get("/parse/users/me")));
  }

  @Test
  @DisplayName("POST /upgradeToRevocableSession starts another revocable session for the caller, as Parse Server does for a revocable token")
  void upgrade() {
    User frank = signUp();
    Api.Response upgraded = as(frank.token()).post("/parse/upgradeToRevocableSession", new JsonObject());
    assertEquals(200, upgraded.status(), upgraded.text());
    JsonObject session = upgraded.json();
    assertNotEquals(frank.token(), session.getString("sessionToken"));
    assertTrue(session.getString("sessionToken").startsWith("r:"));
    assertEquals(pointer(frank.id()), session.getJsonObject("user"));
    assertEquals(new JsonObject().put("action", "upgrade"), session.getJsonObject("createdWith"));
    assertEquals(frank.id(), as(session.getString("sessionToken")).get("/parse/users/me").json().getString("objectId"));
    assertEquals(200, as(frank.token()).get("/parse/users/me").status(), "the caller's session stays");

    // on an installation the new session replaces the one there, so the caller moves to the new token
    Api onDevice = client.header("X-Parse-Installation-Id", "device-9");
    String name = "g" + UUID.randomUUID().toString().substring(0, 8);
    onDevice.post("/parse/users", new JsonObject().put("username", name).put("password", "pw"));
    String login = onDevice.get("/parse/login?username=" + name + "&password=pw").json().getString("sessionToken");
    Api.Response moved = onDevice.header("X-Parse-Session-Token", login).post("/parse/upgradeToRevocableSession", new JsonObject());
    assertEquals("device-9", moved.json().getString("installationId"), moved.text());
    assertEquals(209, code(as(login).get("/parse/users/me")));
    assertEquals(200, as(moved.json().getString("sessionToken")).get("/parse/users/me").status());

    Api.Response none = client.post("/parse/upgradeToRevocableSession", new JsonObject());
    assertEquals(101, code(none), none.text());
    assertEquals(101, code(master.post("/parse/upgradeToRevocableSession", new JsonObject())), "the master key has no user to upgrade");
    assertEquals(209, code(as("r:unknown").post("/parse/upgradeToRevocableSession", new JsonObject())));
  }

  @Test
  @DisplayName("POST /loginAs: the master key signs in as any user and gets its token; 119 without it, 142 without a userId, 101 for no user")
  void loginAs() {
    User gina = signUp();
    Api.Response as = master.post("/parse/loginAs", new JsonObject().put("userId", gina.id()));
    assertEquals(200, as.status(), as.text());
    assertEquals(gina.id(), as.json().getString("objectId"));
    String token = as.json().getString("sessionToken");
    assertTrue(token.startsWith("r:") && !token.equals(gina.token()), as.text());
    JsonObject session = as(token).get("/parse/sessions/me").json();
    assertEquals(new JsonObject().put("action", "login").put("authProvider", "masterkey"), session.getJsonObject("createdWith"));
    assertEquals(gina.id(), as(token).get("/parse/users/me").json().getString("objectId"));

    Api.Response refused = as(gina.token()).post("/parse/loginAs", new JsonObject().put("userId", gina.id()));
    assertEquals(119, code(refused), refused.text());
    assertEquals(119, code(client.post("/parse/loginAs", new JsonObject().put("userId", gina.id()))));
    assertEquals(142, code(master.post("/parse/loginAs", new JsonObject())));
    Api.Response unknown = master.post("/parse/loginAs", new JsonObject().put("userId", "nobody123"));
    assertEquals(101, code(unknown), unknown.text());
    assertEquals("user not found", unknown.json().getString("error"));
  }

  @Test
  @DisplayName("GET /files/:appId/metadata/:name answers 200 {} with no key, as Parse Server with an adapter that keeps no metadata")
  void fileMetadata() {
    Api.Response metadata = Api.at(node.config().port()).header("X-Parse-Application-Id", null)
        .get("/parse/files/" + TestNodes.APP_ID + "/metadata/abc_photo.jpg");
    assertEquals(200, metadata.status(), metadata.text());
    assertEquals(new JsonObject(), metadata.json());
    assertEquals(Map.of(), client.get("/parse/files/other-app/metadata/x.txt").json().getMap());
  }
}
