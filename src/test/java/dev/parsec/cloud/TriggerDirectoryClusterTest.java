package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cluster's list of triggers and jobs when a worker node dies without withdrawing its own. */
@DisplayName("Trigger directory: a worker node that dies takes its triggers and jobs out of every node's list")
class TriggerDirectoryClusterTest {

  @Test
  @DisplayName("an API node stops listing the jobs of a worker-only node once that node's cluster member is gone")
  void deadWorkersTriggersGo() throws Exception {
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(TestDatabases.fresh());
    cluster.get(0).put("roles", "api");
    cluster.get(1).put("roles", "worker");
    Node worker = TestNodes.start(cluster.get(1));
    Node api = TestNodes.startReady(cluster.get(0));
    Api master = Api.at(api.config().port()).asMaster();
    try {
      assertTrue(awaitJobs(master, true), "the API node lists the worker's jobs");
      // a crash: the member leaves without the worker withdrawing anything
      ((HazelcastClusterManager) ((VertxInternal) worker.vertx()).clusterManager()).getHazelcastInstance()
          .getLifecycleService().terminate();
      assertTrue(awaitJobs(master, false), "the dead worker's jobs are no longer listed");
    } finally {
      api.stop();
      try {
        worker.stop();
      } catch (RuntimeException alreadyGone) {
        // its cluster member was terminated above
      }
    }
  }

  /** Whether /cloud_code/jobs/data comes to list some jobs (or none), within 20 s. */
  private static boolean awaitJobs(Api master, boolean some) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray jobs = master.get("/parse/cloud_code/jobs/data").json().getJsonArray("jobs");
      if (jobs.isEmpty() != some) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }
}
