package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scheduled jobs: each slot of a schedule runs once in the cluster, whichever node starts it")
class ScheduledJobsClusterTest {

  @Test
  @DisplayName("'tick every 1s' on two nodes: one run per second since the first node started, each recorded in _JobStatus")
  void everySecondOnTwoNodes() throws Exception {
    DatabaseUrl database = TestDatabases.fresh();
    int ticksBefore = TestFunctions.TICKS.get();
    long started = System.currentTimeMillis();
    List<Node> nodes = TestNodes.startPair(database, Map.of("job_schedules", "tick every 1s", "job_poll_interval", "1"));
    Node a = nodes.get(0);
    Node b = nodes.get(1);
    Thread.sleep(5_000);
    // let the last slot's run finish before the nodes stop
    long deadline = System.currentTimeMillis() + 5_000;
    while (TestDatabases.count(database, "SELECT count(*) FROM \"_JobStatus\" WHERE \"status\" <> 'succeeded'") > 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    long seconds = (System.currentTimeMillis() - started) / 1000;
    // the schedulers go on until the nodes stop: a slot that begins meanwhile is handed back, left pending
    String stopping = java.time.Instant.now().toString();
    b.stop();
    a.stop();

    long runs = TestDatabases.count(database, "SELECT count(*) FROM \"_JobStatus\" WHERE \"jobName\" = 'tick'");
    assertEquals(runs, TestDatabases.count(database, "SELECT count(DISTINCT \"_schedule_slot\") FROM \"_JobStatus\""),
        "one run per slot");
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"_JobStatus\" WHERE \"status\" <> 'succeeded'"
        + " AND \"createdAt\" < '" + stopping + "'::timestamptz"), "every slot that began before the nodes stopped ran to its end");
    long succeeded = TestDatabases.count(database,
        "SELECT count(*) FROM \"_JobStatus\" WHERE \"source\" = 'schedule' AND \"status\" = 'succeeded'");
    assertEquals(succeeded, TestFunctions.TICKS.get() - ticksBefore, "each run ran the job once");
    long slotsSpanned = TestDatabases.count(database, "SELECT extract(epoch FROM max(s) - min(s))::bigint + 1 FROM"
        + " (SELECT regexp_replace(\"_schedule_slot\", '^.* ', '')::timestamptz AS s FROM \"_JobStatus\") slots");
    assertEquals(slotsSpanned, runs, "no second from the first run to the last was missed");
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"_JobStatus\" WHERE \"params\"->>'schedule' <> 'tick every 1s'"
        + " OR (\"params\"->>'slot')::timestamptz <> regexp_replace(\"_schedule_slot\", '^.* ', '')::timestamptz"),
        "each run's params name its schedule and its slot");
    assertTrue(runs >= seconds - 4, runs + " runs in the " + seconds + " s since the first node began starting");
  }
}
