package dev.parsec.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A scheduled push waits for its push_time, then exactly one of two nodes sends it, once")
class ScheduledPushTest {

  private static final int DEVICES = 40;
  private static PushFixture services;
  private static DatabaseUrl database;
  private static Node first;
  private static Node second;

  @BeforeAll
  static void start() {
    services = new PushFixture();
    database = TestDatabases.fresh();
    first = TestNodes.start(services.settings(database));
    second = TestNodes.start(services.settings(database));
  }

  @AfterAll
  static void stop() {
    first.stop();
    second.stop();
    services.close();
  }

  @Test
  @DisplayName("both nodes look for due pushes every second; the lease in PostgreSQL lets only one send it")
  void sentOnceWhenDue() {
    Api client = Api.at(first.config().port());
    for (int i = 0; i < DEVICES; i++) {
      boolean ios = i % 2 == 0;
      JsonObject body = new JsonObject().put("installationId", "scheduled-" + i).put("deviceType", ios ? "ios" : "android")
          .put("deviceToken", ios ? PushFixture.iosToken(i) : "fcm-scheduled-" + i).put("channels", new JsonArray().add("later"));
      assertEquals(201, client.post("/parse/installations", body).status());
    }
    Instant due = Instant.now().plusSeconds(3);
    PushClient.Answer answer = PushClient.push(second.config().port(), new JsonObject().put("channels", new JsonArray().add("later"))
        .put("push_time", due.toString()).put("data", new JsonObject().put("alert", "on time")), true);
    assertEquals(200, answer.status(), answer.body().encode());

    Api master = Api.at(first.config().port()).asMaster();
    JsonObject scheduled = master.get("/parse/classes/_PushStatus/" + answer.pushStatusId()).json();
    assertEquals("scheduled", scheduled.getString("status"));
    assertEquals(due.toString(), scheduled.getString("pushTime"));
    assertEquals(0, services.apns.delivered.size() + services.fcm.delivered.size(), "nothing is sent before push_time");

    JsonObject done = PushFixture.awaitStatus(master, answer.pushStatusId(), "succeeded");
    assertEquals(DEVICES, done.getInteger("numSent"), done.encode());
    PushFixture.sleep(2000);  // two more rounds of both nodes' pollers: neither sends it again
    assertEquals(DEVICES / 2, services.apns.delivered.size());
    assertEquals(DEVICES / 2, services.fcm.delivered.size());
    for (int i = 0; i < DEVICES; i++) {
      long copies = i % 2 == 0 ? services.apns.deliveredTo(PushFixture.iosToken(i)) : services.fcm.deliveredTo("fcm-scheduled-" + i);
      assertEquals(1, copies, "device " + i);
    }
    assertEquals(DEVICES, TestDatabases.count(database, "SELECT \"numSent\" FROM \"_PushStatus\" WHERE \"objectId\" = '"
        + answer.pushStatusId() + "'"));
  }
}
