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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /push reaches iOS devices through APNs and Android devices through FCM, and _PushStatus counts it")
class PushTest {

  private static PushFixture services;
  private static DatabaseUrl database;
  private static Node node;
  private static Api client;
  private static Api master;
  private static int devices;

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

  @BeforeEach
  void resetServices() {
    services.reset();
  }

  /** Registers a device as its SDK would; answers its token. */
  private static String register(String deviceType, JsonObject fields) {
    devices++;
    String token = deviceType.equals("ios") ? PushFixture.iosToken(devices) : "fcm-" + UUID.randomUUID();
    JsonObject body = new JsonObject().put("installationId", UUID.randomUUID().toString()).put("deviceType", deviceType)
        .put("deviceToken", token).mergeIn(fields);
    if (deviceType.equals("ios")) {
      body.put("appIdentifier", PushKeys.APNS_TOPIC);
    }
    Response created = client.post("/parse/installations", body);
    assertEquals(201, created.status(), created.text());
    return token;
  }

  private static JsonObject channels(String... names) {
    return new JsonObject().put("channels", new JsonArray(List.of((Object[]) names)));
  }

  private static PushClient.Answer push(JsonObject body) {
    PushClient.Answer answer = PushClient.push(node.config().port(), body, true);
    assertEquals(200, answer.status(), answer.body().encode());
    assertEquals(new JsonObject().put("result", true), answer.body());
    assertNotNull(answer.pushStatusId());
    return answer;
  }

  private static JsonObject installationWithToken(String token) {
    Response found = master.get("/parse/installations", Map.of("where", new JsonObject().put("deviceToken", token).encode()));
    JsonArray results = found.json().getJsonArray("results");
    return results.isEmpty() ? null : results.getJsonObject(0);
  }

  @Test
  @DisplayName("a channel push reaches every iOS and Android device on the channel, once, in each service's format")
  void channelPushToMixedDevices() {
    List<String> ios = List.of(register("ios", channels("news")), register("ios", channels("news", "sport")),
        register("ios", channels("news")));
    List<String> android = List.of(register("android", channels("news")), register("android", channels("sport", "news")));
    String elsewhere = register("ios", channels("weather"));

    PushClient.Answer answer = push(new JsonObject().put("channels", new JsonArray().add("news")).put("data", new JsonObject()
        .put("alert", "Hello").put("title", "Parsec").put("sound", "default").put("gameId", 42)));
    JsonObject status = PushFixture.awaitStatus(master, answer.pushStatusId(), "succeeded");

    assertEquals(5, status.getInteger("numSent"), status.encode());
    assertEquals(0, status.getInteger("numFailed"), status.encode());
    assertEquals(new JsonObject().put("ios", 3).put("android", 2), status.getJsonObject("sentPerType"));
    assertEquals("rest", status.getString("source"));
    assertEquals(new JsonObject().put("channels", new JsonObject().put("$in", new JsonArray().add("news"))),
        new JsonObject(status.getString("query")));
    assertEquals("Hello", new JsonObject(status.getString("payload")).getString("alert"));
    assertEquals("8b1a9953c4611296a827abf8c47804d7", status.getString("pushHash"));
    assertNotNull(status.getString("pushTime"));

    for (String token : ios) {
      assertEquals(1, services.apns.deliveredTo(token), token);
    }
    assertEquals(0, services.apns.deliveredTo(elsewhere));
    FakeService.Delivered toIphone = services.apns.delivered.peek();
    assertEquals(new JsonObject().put("aps", new JsonObject().put("alert", new JsonObject().put("body", "Hello").put("title", "Parsec"))
        .put("sound", "default")).put("gameId", 42), toIphone.body());
    assertEquals(PushKeys.APNS_TOPIC, toIphone.headers().get("apns-topic"));
    assertEquals("alert", toIphone.headers().get("apns-push-type"));
    assertEquals("10", toIphone.headers().get("apns-priority"));

    for (String token : android) {
      assertEquals(1, services.fcm.deliveredTo(token), token);
    }
    JsonObject toAndroid = services.fcm.delivered.peek().body().getJsonObject("android");
    assertEquals("HIGH", toAndroid.getString("priority"));
    JsonObject data = new JsonObject(toAndroid.getJsonObject("data").getString("data"));
    assertEquals(new JsonObject().put("alert", "Hello").put("title", "Parsec").put("sound", "default").put("gameId", 42), data);
    assertNotNull(toAndroid.getJsonObject("data").getString("push_id"));
    assertNotNull(toAndroid.getJsonObject("data").getString("time"));
    assertEquals(1, services.fcm.tokensGranted.get(), "one access token serves the whole push");
    assertEquals(0, services.fcm.rejected.get() + services.apns.rejected.get(), "no request was refused");
  }

  @Test
  @DisplayName("a where query picks the installations; expiration_interval is stored and sent as APNs expiration and FCM ttl")
  void whereQueryPush() {
    String marker = "v" + UUID.randomUUID().toString().substring(0, 8);
    String match = register("android", new JsonObject().put("appVersion", marker).put("localeIdentifier", "fr-FR"));
    String otherLocale = register("android", new JsonObject().put("appVersion", marker).put("localeIdentifier", "en-US"));
    String iphone = register("ios", new JsonObject().put("appVersion", marker).put("localeIdentifier", "fr-FR"));

    PushClient.Answer answer = push(new JsonObject()
        .put("where", new JsonObject().put("appVersion", marker).put("localeIdentifier", new JsonObject().put("$regex", "^fr")))
        .put("data", new JsonObject().put("alert", "Bonjour")).put("expiration_interval", 3600));
    JsonObject status = PushFixture.awaitStatus(master, answer.pushStatusId(), "succeeded");

    assertEquals(2, status.getInteger("numSent"), status.encode());
    assertEquals(3600, status.getInteger("expiration_interval"));
    assertNotNull(status.getValue("expiry"));
    assertEquals(1, services.fcm.deliveredTo(match));
    assertEquals(0, services.fcm.deliveredTo(otherLocale));
    assertEquals(1, services.apns.deliveredTo(iphone));
    long expiration = Long.parseLong(services.apns.delivered.peek().headers().get("apns-expiration"));
    assertEquals(status.getLong("expiry") / 1000, expiration);
    String ttl = services.fcm.delivered.peek().body().getJsonObject("android").getString("ttl");
    assertTrue(ttl.matches("35\\d\\ds|3600s"), ttl);
  }

  @Test
  @DisplayName("tokens the services call dead (APNs 410, FCM UNREGISTERED) count as failed and leave their installations")
  void deadTokensRemoved() {
    String channel = "dead-" + UUID.randomUUID();
    String liveIphone = register("ios", channels(channel));
    String deadIphone = register("ios", channels(channel));
    String liveAndroid = register("android", channels(channel));
    String deadAndroid = register("android", channels(channel));
    services.apns.deadTokens.add(deadIphone);
    services.fcm.deadTokens.add(deadAndroid);

    JsonObject status = PushFixture.awaitStatus(master, push(channels(channel).put("data", new JsonObject().put("alert", "hi")))
        .pushStatusId(), "succeeded");

    assertEquals(2, status.getInteger("numSent"), status.encode());
    assertEquals(2, status.getInteger("numFailed"), status.encode());
    assertEquals(new JsonObject().put("ios", 1).put("android", 1), status.getJsonObject("failedPerType"));
    assertNull(installationWithToken(deadIphone));
    assertNull(installationWithToken(deadAndroid));
    assertNotNull(installationWithToken(liveIphone));
    assertNotNull(installationWithToken(liveAndroid));
    assertEquals(1, TestDatabases.count(database, "SELECT count(*) FROM \"_Installation\" WHERE \"deviceToken\" IS NULL"
        + " AND \"deviceType\" = 'ios' AND \"channels\" @> '[\"" + channel + "\"]'"), "the installation stays, without its token");
  }

  @Test
  @DisplayName("a 429 or 503 is retried after the service's Retry-After or a backoff, then the push succeeds")
  void retriedThenSent() {
    String channel = "busy-" + UUID.randomUUID();
    String iphone = register("ios", channels(channel));
    String android = register("android", channels(channel));
    services.apns.failFirst(iphone, 429, 503);
    services.fcm.failFirst(android, 503, 429);

    JsonObject status = PushFixture.awaitStatus(master, push(channels(channel).put("data", new JsonObject().put("alert", "later")))
        .pushStatusId(), "succeeded");

    assertEquals(2, status.getInteger("numSent"), status.encode());
    assertEquals(0, status.getInteger("numFailed"), status.encode());
    assertEquals(3, services.apns.attempts.get());
    assertEquals(3, services.fcm.attempts.get());
    assertEquals(1, services.apns.deliveredTo(iphone));
    assertEquals(1, services.fcm.deliveredTo(android));
  }

  @Test
  @DisplayName("badge Increment raises each installation's badge in PostgreSQL and sends each iPhone its own count")
  void badgeIncrement() {
    String channel = "badge-" + UUID.randomUUID();
    String none = register("ios", channels(channel));
    String five = register("ios", channels(channel).put("badge", 5));
    String android = register("android", channels(channel).put("badge", 2));

    JsonObject status = PushFixture.awaitStatus(master, push(channels(channel).put("data", new JsonObject()
        .put("alert", "one more").put("badge", "Increment"))).pushStatusId(), "succeeded");

    assertEquals(3, status.getInteger("numSent"), status.encode());
    assertEquals(1, badgeSentTo(none));
    assertEquals(6, badgeSentTo(five));
    assertEquals(1, installationWithToken(none).getInteger("badge"));
    assertEquals(6, installationWithToken(five).getInteger("badge"));
    assertEquals(3, installationWithToken(android).getInteger("badge"));
    JsonObject androidData = new JsonObject(services.fcm.delivered.peek().body().getJsonObject("android").getJsonObject("data")
        .getString("data"));
    assertFalse(androidData.containsKey("badge"), androidData.encode());
  }

  private static int badgeSentTo(String token) {
    return services.apns.delivered.stream().filter(d -> d.token().equals(token)).findFirst().orElseThrow()
        .body().getJsonObject("aps").getInteger("badge");
  }

  @Test
  @DisplayName("a bad push is refused with Parse's error and stores nothing; only the master key may push or read _PushStatus")
  void badPushesRefused() {
    long before = TestDatabases.count(database, "SELECT count(*) FROM \"_PushStatus\"");
    Map<JsonObject, Integer> cases = Map.of(
        channels("a").put("where", new JsonObject()), 115,
        new JsonObject().put("data", new JsonObject().put("alert", "x")), 115,
        channels("a").put("expiration_time", "yesterday-ish"), 115,
        channels("a").put("expiration_interval", -5), 115,
        channels("a").put("push_time", true), 115,
        channels("a").put("data", new JsonObject().put("badge", "lots")), 115,
        new JsonObject().put("where", new JsonObject().put("deviceType", new JsonObject().put("$bogus", 1))), 102,
        new JsonObject().put("channels", "news"), 115);
    cases.forEach((body, code) -> {
      PushClient.Answer answer = PushClient.push(node.config().port(), body, true);
      assertEquals(400, answer.status(), body.encode() + " -> " + answer.body());
      assertEquals(code, answer.body().getInteger("code"), body.encode() + " -> " + answer.body());
    });
    PushClient.Answer notMaster = PushClient.push(node.config().port(), channels("a"), false);
    assertEquals(403, notMaster.status());
    assertEquals(before, TestDatabases.count(database, "SELECT count(*) FROM \"_PushStatus\""));
    assertEquals(119, client.get("/parse/classes/_PushStatus").json().getInteger("code"));
    assertEquals(200, master.get("/parse/classes/_PushStatus").status());
  }
}
