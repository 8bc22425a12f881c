package dev.parsec.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LocalOtlpReceiver;
import dev.parsec.support.LocalOtlpReceiver.ReceivedSpan;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a traced push exports: nothing of the devices' tokens. */
@DisplayName("Push tracing probe: no device token reaches the tracing backend")
class PushTracingProbeTest {

  @Test
  @DisplayName("a push to an iPhone and an Android phone, traced to its worker: their tokens are in no span")
  void noDeviceTokenInSpans() {
    String iosToken = PushFixture.iosToken(7);
    String androidToken = "android-probe-token-" + UUID.randomUUID();
    try (PushFixture push = new PushFixture(); LocalOtlpReceiver receiver = new LocalOtlpReceiver()) {
      Map<String, String> settings = push.settings(PushFixture.database());
      settings.put("otel_endpoint", receiver.endpoint());
      Node node = TestNodes.startReady(settings);
      try {
        Api master = Api.at(node.config().port()).asMaster();
        assertEquals(201, master.post("/parse/installations", new JsonObject().put("installationId", UUID.randomUUID().toString())
            .put("deviceType", "ios").put("deviceToken", iosToken)).status());
        assertEquals(201, master.post("/parse/installations", new JsonObject().put("installationId", UUID.randomUUID().toString())
            .put("deviceType", "android").put("deviceToken", androidToken)).status());
        Api.Response sent = master.post("/parse/push", new JsonObject().put("where", new JsonObject())
            .put("data", new JsonObject().put("alert", "traced")));
        assertEquals(200, sent.status(), sent.text());
        PushFixture.awaitStatus(master, sent.header("X-Parse-Push-Status-Id"), "succeeded");
      } finally {
        node.stop();
      }
      List<ReceivedSpan> spans = receiver.spans();
      String all = String.join("\n", spans.stream().map(ReceivedSpan::toString).toList());
      // the push is traced up to the worker that sends it (its calls to APNs and FCM are not spans today: were they,
      // APNs's URL would carry the device's token)
      assertTrue(spans.stream().anyMatch(span -> span.kind().equals("SPAN_KIND_SERVER")
          && PushWorkerVerticle.ADDRESS.equals(span.attributes().get("messaging.destination.name"))), "the push reached its worker\n" + all);
      String exported = receiver.everything();
      assertFalse(exported.contains(iosToken), "the iPhone's token exported\n" + all);
      assertFalse(exported.contains(androidToken), "the Android phone's token exported\n" + all);
    }
  }
}
