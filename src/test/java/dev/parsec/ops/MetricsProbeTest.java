package dev.parsec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Adversarial probes of /metrics: what a client can add to it. */
@DisplayName("Metrics probes: a client cannot add series to /metrics")
class MetricsProbeTest {

  private static final int CALLS = 30;

  @Test
  @DisplayName("made-up HTTP methods, and calls of functions and jobs that do not exist, are counted without a series for each name")
  void clientNamesAddNoSeries() {
    Node node = TestNodes.startReady(TestNodes.settings(TestDatabases.fresh()));
    try {
      Api client = Api.at(node.config().port());
      Api master = client.asMaster();
      for (int i = 0; i < CALLS; i++) {
        assertEquals(400, client.send("PROBE" + i, "/parse/classes/Probe", null, null).status());
        assertEquals(141, client.post("/parse/functions/probeFunction" + i, new JsonObject()).json().getInteger("code"));
        assertEquals(141, master.post("/parse/jobs/probeJob" + i, new JsonObject()).json().getInteger("code"));
      }
      String metrics = Metrics.of(node);
      for (String name : new String[] {"PROBE1", "probeFunction1", "probeJob1"}) {
        assertFalse(metrics.contains(name), "a series named by a client: " + name + "\n" + metrics);
      }
      // still counted, under one name each
      assertEquals(CALLS, Metrics.sum(metrics, "vertx_http_server_requests_total", "method=\"OTHER\""));
      assertEquals(CALLS, Metrics.sum(metrics, "vertx_eventbus_sent_total", "address=\"parsec.cloud.function.*\""));
      assertEquals(CALLS, Metrics.sum(metrics, "vertx_eventbus_sent_total", "address=\"parsec.cloud.job.known.*\""));
    } finally {
      node.stop();
    }
  }
}
