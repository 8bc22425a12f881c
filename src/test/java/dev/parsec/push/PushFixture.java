package dev.parsec.push;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.Map;

/**
 * The local stand-ins for FCM and APNs, with keys made for this run, and the settings that point a
 * node at them (trusting their certificate by push_ca_file, as an operator would a proxy's).
 */
public final class PushFixture implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
  final PushKeys keys = new PushKeys();
  final FakeFcm fcm = new FakeFcm(vertx, certificate, keys);
  final FakeApns apns = new FakeApns(vertx, certificate, keys);
  private final int fcmPort = fcm.start();
  private final int apnsPort = apns.start();

  public Map<String, String> settings(DatabaseUrl database) {
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("fcm_service_account", keys.serviceAccountJson(fcm.tokenUri()));
    settings.put("fcm_url", "https://localhost:" + fcmPort);
    settings.put("apns_key", keys.apnsP8());
    settings.put("apns_key_id", PushKeys.APNS_KEY_ID);
    settings.put("apns_team_id", PushKeys.APNS_TEAM_ID);
    settings.put("apns_topic", PushKeys.APNS_TOPIC);
    settings.put("apns_url", "https://localhost:" + apnsPort);
    settings.put("push_ca_file", certificate.certificatePath());
    settings.put("push_poll_interval", "1");
    return settings;
  }

  void reset() {
    fcm.reset();
    apns.reset();
  }

  /** The push's _PushStatus as the master key reads it, once its status is the one awaited (at most 60 s). */
  static JsonObject awaitStatus(Api master, String pushStatusId, String status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonObject current = null;
    while (System.nanoTime() < deadline) {
      Api.Response response = master.get("/parse/classes/_PushStatus/" + pushStatusId);
      if (response.status() == 200) {
        current = response.json();
        if (status.equals(current.getString("status"))) {
          return current;
        }
      }
      sleep(100);
    }
    throw new AssertionError("push " + pushStatusId + " did not become " + status + "; last seen " + current);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An APNs device token: 64 hex characters. */
  static String iosToken(int n) {
    return String.format("%064x", 0xA11CE000L + n);
  }

  @Override
  public void close() {
    fcm.stop();
    apns.stop();
    vertx.close().await();
    certificate.delete();
  }

  static DatabaseUrl database() {
    return TestDatabases.fresh();
  }
}
