package dev.parsec.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.worker.WorkerVerticle;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two clustered nodes on one database form one cluster")
class ClusterTest {

  private static Node apiNode;
  private static Node workerNode;

  @BeforeAll
  static void startTwoNodes() {
    DatabaseUrl database = TestDatabases.fresh();
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(database);
    cluster.get(0).put("roles", "api");
    cluster.get(1).put("roles", "both");
    apiNode = TestNodes.start(cluster.get(0));
    workerNode = TestNodes.start(cluster.get(1));
  }

  @AfterAll
  static void stopNodes() {
    workerNode.stop();
    apiNode.stop();
  }

  @Test
  @DisplayName("each node sees two members and reports itself ready, cluster included")
  void bothNodesSeeTwoMembers() {
    assertEquals(2, apiNode.clusterSize());
    assertEquals(2, workerNode.clusterSize());
    for (Node node : new Node[] {apiNode, workerNode}) {
      Api.Response ready = Api.at(node.config().port()).awaitReady();
      assertEquals(200, ready.status(), ready.text());
      assertTrue(ready.text().contains("\"id\":\"cluster\",\"status\":\"UP\""), ready.text());
    }
  }

  @Test
  @DisplayName("an event-bus request from the API-only node is answered by the worker verticle on the other node")
  void eventBusMessageCrossesNodes() throws Exception {
    Message<JsonObject> reply = apiNode.vertx().eventBus()
        .<JsonObject>request(WorkerVerticle.PING_ADDRESS, new JsonObject())
        .await(10, TimeUnit.SECONDS);
    assertEquals(workerNode.id(), reply.body().getString("node"));
    assertTrue(reply.body().getString("thread").contains("worker"), reply.body().encode());
  }

  @Test
  @DisplayName("a shared-map entry written on one node is read on the other")
  void sharedMapEntryCrossesNodes() throws Exception {
    apiNode.vertx().sharedData().<String, String>getClusterWideMap("parsec.test")
        .compose(map -> map.put("greeting", "hello from " + apiNode.id()))
        .await(10, TimeUnit.SECONDS);
    String read = workerNode.vertx().sharedData().<String, String>getClusterWideMap("parsec.test")
        .compose(map -> map.get("greeting"))
        .await(10, TimeUnit.SECONDS);
    assertEquals("hello from " + apiNode.id(), read);
  }

  @Test
  @DisplayName("an object written through one node is read through the other, and a field typed on one is enforced on the other")
  void objectsAndSchemasAreShared() {
    Api a = Api.at(apiNode.config().port()).asMaster();
    Api b = Api.at(workerNode.config().port()).asMaster();
    String id = a.post("/parse/classes/Shared", new JsonObject().put("n", 1)).json().getString("objectId");
    assertEquals(1, b.get("/parse/classes/Shared/" + id).json().getInteger("n"));
    assertEquals(200, a.put("/parse/classes/Shared/" + id, new JsonObject().put("label", "text")).status());
    Api.Response mismatch = b.put("/parse/classes/Shared/" + id, new JsonObject().put("label", 5));
    assertEquals(111, mismatch.json().getInteger("code"), mismatch.text());
    assertEquals("text", b.get("/parse/classes/Shared/" + id).json().getString("label"));
  }
}
