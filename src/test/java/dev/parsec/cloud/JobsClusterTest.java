package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Jobs stored before they are accepted, run once by one worker, and finished elsewhere when their worker goes. */
@DisplayName("Jobs: stored, then run by one worker of the cluster; a job outlives the node that held it")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsClusterTest {

  private static DatabaseUrl database;
  private static Node a;
  private static Node b;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    List<Node> nodes = TestNodes.startPair(database, Map.of("job_lease", "2", "job_poll_interval", "1"));
    a = nodes.get(0);
    b = nodes.get(1);
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {a, b}) {
      if (node != null) {
        node.stop();
      }
    }
  }

  private static String startJob(Node node, String name, JsonObject params) {
    Api.Response accepted = Api.at(node.config().port()).asMaster().post("/parse/jobs/" + name, params);
    assertEquals(202, accepted.status(), accepted.text());
    String id = accepted.header("X-Parse-Job-Status-Id");
    assertNotNull(id);
    return id;
  }

  private static JsonObject awaitStatus(Node node, String id, String status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    JsonObject job = null;
    while (System.currentTimeMillis() < deadline) {
      job = Api.at(node.config().port()).asMaster().get("/parse/classes/_JobStatus/" + id).json();
      if (status.equals(job.getString("status"))) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " never reached " + status + ": " + job);
  }

  @Test
  @Order(1)
  @DisplayName("a job answers 202 once stored, runs, and its status, message and finish time are read by the master key")
  void runs() throws Exception {
    String id = startJob(a, "count", new JsonObject().put("tag", "plain").put("steps", 3));
    JsonObject done = awaitStatus(b, id, "succeeded");
    assertEquals("counted 3", done.getString("message"));
    assertEquals("count", done.getString("jobName"));
    assertNotNull(done.getJsonObject("finishedAt"));
    assertEquals(1, TestFunctions.COMPLETED.get("plain").get());
    assertEquals(119, Api.at(a.config().port()).get("/parse/classes/_JobStatus/" + id).json().getInteger("code"),
        "clients cannot read job statuses");
  }

  @Test
  @Order(2)
  @DisplayName("only the master key starts a job; an unknown job is 141; a job that throws is failed with its message")
  void refusalsAndFailures() throws Exception {
    assertEquals(403, Api.at(a.config().port()).post("/parse/jobs/count", new JsonObject()).status());
    Api.Response unknown = Api.at(a.config().port()).asMaster().post("/parse/jobs/nope", new JsonObject());
    assertEquals(141, unknown.json().getInteger("code"), unknown.text());
    String id = startJob(b, "broken", new JsonObject());
    assertEquals("disk full", awaitStatus(a, id, "failed").getString("message"));
  }

  @Test
  @Order(3)
  @DisplayName("a job left running by a node that died (its lease ran out) is taken over and finished once")
  void leaseRunsOut() throws Exception {
    String id = "ghostjob01";
    TestDatabases.execute(database, "INSERT INTO \"_JobStatus\" (\"objectId\", \"createdAt\", \"updatedAt\", \"jobName\", \"source\","
        + " \"status\", \"params\", \"_leased_by\", \"_lease_until\") VALUES ('" + id + "', now(), now(), 'count', 'api', 'running',"
        + " '{\"tag\": \"ghost\", \"steps\": 2}', 'a-node-that-died', now() - interval '1 second')");
    awaitStatus(a, id, "succeeded");
    assertEquals(1, TestFunctions.COMPLETED.get("ghost").get());
  }

  @Test
  @Order(4)
  @DisplayName("the node running a job stops: the other node runs it to its end, and it completes exactly once")
  void survivesItsNode() throws Exception {
    String id = startJob(a, "count", new JsonObject().put("tag", "moved").put("steps", 40));
    awaitStatus(a, id, "running");
    Node holder = TestDatabases.count(database, "SELECT count(*) FROM \"_JobStatus\" WHERE \"objectId\" = '" + id
        + "' AND \"_leased_by\" = '" + a.id() + "'") == 1 ? a : b;
    Node other = holder == a ? b : a;
    Thread.sleep(500); // a few steps done there
    holder.stop();
    if (holder == a) {
      a = null;
    } else {
      b = null;
    }
    JsonObject done = awaitStatus(other, id, "succeeded");
    assertEquals("counted 40", done.getString("message"));
    assertEquals(1, TestFunctions.COMPLETED.get("moved").get(), "the stopped node's run was told to stop and did not complete");
  }
}
