package dev.parsec.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A push to 10,000 installations is sent batch by batch, in bounded memory, with exact counts")
class LargePushTest {

  static final int INSTALLATIONS = 10_000;
  private static final int BATCH = 500;
  private static final int CONCURRENCY = 64;
  private static PushFixture services;
  private static DatabaseUrl database;
  private static Node node;

  @BeforeAll
  static void start() {
    services = new PushFixture();
    database = TestDatabases.fresh();
    Map<String, String> settings = services.settings(database);
    settings.put("push_batch_size", String.valueOf(BATCH));
    settings.put("push_concurrency", String.valueOf(CONCURRENCY));
    node = TestNodes.start(settings);
    insertInstallations(database, INSTALLATIONS);
  }

  @AfterAll
  static void stop() {
    node.stop();
    services.close();
  }

  /** Half iPhones, half Android phones, all on channel "all"; written by SQL, as a big app's table would be. */
  static void insertInstallations(DatabaseUrl database, int count) {
    TestDatabases.execute(database, "INSERT INTO \"_Installation\" (\"objectId\", \"createdAt\", \"updatedAt\", \"installationId\","
        + " \"deviceType\", \"deviceToken\", \"channels\", \"appIdentifier\")"
        + " SELECT 'i' || lpad(g::text, 9, '0'), now(), now(), md5(g::text),"
        + " CASE WHEN g % 2 = 0 THEN 'ios' ELSE 'android' END,"
        + " CASE WHEN g % 2 = 0 THEN lpad(to_hex(g), 64, '0') ELSE 'fcm-bulk-' || g END,"
        + " '[\"all\"]'::jsonb, CASE WHEN g % 2 = 0 THEN '" + PushKeys.APNS_TOPIC + "' END"
        + " FROM generate_series(1, " + count + ") AS g");
  }

  @Test
  @DisplayName("every device gets it once, over one connection per service; one batch is held in memory, push_concurrency requests in flight")
  void tenThousand() {
    services.fcm.answerDelayMs = 2;
    services.apns.answerDelayMs = 2;
    Api master = Api.at(node.config().port()).asMaster();
    PushClient.Answer answer = PushClient.push(node.config().port(), new JsonObject().put("channels", new JsonArray().add("all"))
        .put("data", new JsonObject().put("alert", "Everyone!")), true);
    assertEquals(200, answer.status(), answer.body().encode());

    JsonObject status = PushFixture.awaitStatus(master, answer.pushStatusId(), "succeeded");
    assertEquals(INSTALLATIONS, status.getInteger("numSent"), status.encode());
    assertEquals(0, status.getInteger("numFailed"), status.encode());
    assertEquals(new JsonObject().put("ios", INSTALLATIONS / 2).put("android", INSTALLATIONS / 2), status.getJsonObject("sentPerType"));
    assertEquals(INSTALLATIONS / 2, new HashSet<>(services.apns.delivered.stream().map(FakeService.Delivered::token).toList()).size());
    assertEquals(INSTALLATIONS / 2, new HashSet<>(services.fcm.delivered.stream().map(FakeService.Delivered::token).toList()).size());
    assertEquals(INSTALLATIONS, services.apns.delivered.size() + services.fcm.delivered.size());

    assertEquals(1, services.apns.connections.get(), "HTTP/2 carries every notification on one connection");
    assertEquals(1, services.fcm.connections.get(), "HTTP/2 carries every notification on one connection");
    assertTrue(services.apns.mostInFlight.get() <= CONCURRENCY, "APNs requests in flight: " + services.apns.mostInFlight.get());
    assertTrue(services.fcm.mostInFlight.get() <= CONCURRENCY, "FCM requests in flight: " + services.fcm.mostInFlight.get());
    double held = metric(Api.at(node.config().port()).get("/metrics").text(), "parsec_push_installations_held_max");
    // one batch being sent, and at the turn of a step the next one read before the last is released
    assertTrue(held > 0 && held <= 2 * BATCH, "installations held in memory at most: " + held);
  }

  static double metric(String metrics, String name) {
    return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in /metrics"));
  }
}
