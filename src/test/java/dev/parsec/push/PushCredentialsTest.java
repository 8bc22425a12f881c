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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Keys the services do not know are refused, the push counts every device failed, and no token is lost")
class PushCredentialsTest {

  private static PushFixture services;
  private static DatabaseUrl database;
  private static Node node;

  @BeforeAll
  static void start() {
    services = new PushFixture();
    database = TestDatabases.fresh();
    Map<String, String> settings = services.settings(database);
    PushKeys strangers = new PushKeys();
    settings.put("fcm_service_account", strangers.serviceAccountJson(services.fcm.tokenUri()));
    settings.put("apns_key", strangers.apnsP8());
    settings.put("push_max_attempts", "2");
    node = TestNodes.start(settings);
  }

  @AfterAll
  static void stop() {
    node.stop();
    services.close();
  }

  @Test
  @DisplayName("an assertion or a provider token signed by another key gets no access; the devices keep their tokens")
  void wrongKeysRefused() {
    Api client = Api.at(node.config().port());
    String iphone = PushFixture.iosToken(1);
    assertEquals(201, client.post("/parse/installations", new JsonObject().put("installationId", "a").put("deviceType", "ios")
        .put("deviceToken", iphone).put("channels", new JsonArray().add("c"))).status());
    assertEquals(201, client.post("/parse/installations", new JsonObject().put("installationId", "b").put("deviceType", "android")
        .put("deviceToken", "fcm-b").put("channels", new JsonArray().add("c"))).status());

    PushClient.Answer answer = PushClient.push(node.config().port(), new JsonObject().put("channels", new JsonArray().add("c"))
        .put("data", new JsonObject().put("alert", "who are you?")), true);
    JsonObject status = PushFixture.awaitStatus(client.asMaster(), answer.pushStatusId(), "succeeded");

    assertEquals(0, status.getInteger("numSent"), status.encode());
    assertEquals(2, status.getInteger("numFailed"), status.encode());
    assertEquals(0, services.apns.deliveries.get() + services.fcm.deliveries.get());
    assertEquals(0, services.fcm.tokensGranted.get());
    assertTrue(services.fcm.rejected.get() >= 1, "the token endpoint refused the assertion");
    assertTrue(services.apns.rejected.get() >= 1, "APNs refused the provider token");
    assertEquals(2, TestDatabases.count(database, "SELECT count(*) FROM \"_Installation\" WHERE \"deviceToken\" IS NOT NULL"));
  }
}
