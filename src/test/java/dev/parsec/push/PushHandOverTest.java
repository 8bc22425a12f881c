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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A node that stops in the middle of a push hands it over: another node finishes it from its last batch")
class PushHandOverTest {

  private static final int INSTALLATIONS = 2_000;
  private static final int BATCH = 100;
  private static PushFixture services;
  private static DatabaseUrl database;
  private static Node first;
  private static Node second;
  private static Node stopped;

  @BeforeAll
  static void start() {
    services = new PushFixture();
    database = TestDatabases.fresh();
    Map<String, String> settings = services.settings(database);
    settings.putAll(Map.of("push_batch_size", String.valueOf(BATCH), "push_concurrency", "8"));
    first = TestNodes.start(settings);
    Map<String, String> other = services.settings(database);
    other.putAll(Map.of("push_batch_size", String.valueOf(BATCH), "push_concurrency", "8"));
    second = TestNodes.start(other);
    LargePushTest.insertInstallations(database, INSTALLATIONS);
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {first, second}) {
      if (node != stopped) {
        node.stop();
      }
    }
    services.close();
  }

  @Test
  @DisplayName("the stopping node gives its lease back; the counts end exact, and at most one batch reaches devices twice")
  void handedOver() {
    services.apns.answerDelayMs = 20;
    services.fcm.answerDelayMs = 20;
    PushClient.Answer answer = PushClient.push(first.config().port(), new JsonObject().put("channels", new JsonArray().add("all"))
        .put("data", new JsonObject().put("alert", "relay")), true);
    assertEquals(200, answer.status(), answer.body().encode());
    String id = answer.pushStatusId();
    while (TestDatabases.count(database, "SELECT COALESCE(\"numSent\", 0) FROM \"_PushStatus\" WHERE \"objectId\" = '" + id + "'")
        < 3 * BATCH) {
      PushFixture.sleep(20);
    }
    String holder = text("SELECT \"_leased_by\" FROM \"_PushStatus\" WHERE \"objectId\" = '" + id + "'");
    Node stopping = holder.equals(first.id()) ? first : second;
    Node staying = stopping == first ? second : first;
    stopping.stop();
    stopped = stopping;

    JsonObject status = PushFixture.awaitStatus(Api.at(staying.config().port()).asMaster(), id, "succeeded");
    assertEquals(INSTALLATIONS, status.getInteger("numSent"), status.encode());
    assertEquals(0, status.getInteger("numFailed"), status.encode());
    HashSet<String> reached = new HashSet<>();
    services.apns.delivered.forEach(d -> reached.add(d.token()));
    services.fcm.delivered.forEach(d -> reached.add(d.token()));
    assertEquals(INSTALLATIONS, reached.size());
    int deliveries = services.apns.deliveries.get() + services.fcm.deliveries.get();
    assertTrue(deliveries <= INSTALLATIONS + BATCH, deliveries + " deliveries");
  }

  private static String text(String sql) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      ResultSet rs = c.createStatement().executeQuery(sql);
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
