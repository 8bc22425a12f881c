package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Cloud code's data calls on a worker-only node, for calls made through an API-only node. */
@DisplayName("Cloud code data API across the cluster: a worker-only node reads and writes what the API node does")
class CloudDataClusterTest {

  private static Node api;
  private static Node worker;
  private static Api client;

  @BeforeAll
  static void start() {
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(TestDatabases.fresh());
    cluster.get(0).put("roles", "api");
    cluster.get(0).put("allow_client_class_creation", "true");
    cluster.get(1).put("roles", "worker");
    worker = TestNodes.start(cluster.get(1));
    api = TestNodes.start(cluster.get(0));
    client = Api.at(api.config().port());
    client.awaitReady();
  }

  @AfterAll
  static void stop() {
    api.stop();
    worker.stop();
  }

  @Test
  @DisplayName("a function run on the other node's worker reads the object written the moment before through the API node, as its caller")
  void readsWhatTheApiNodeWrote() {
    String token = TestUsers.signUp(api.config().port());
    Api user = client.header("X-Parse-Session-Token", token);
    String userId = user.get("/parse/users/me").json().getString("objectId");
    for (int i = 0; i < 5; i++) {
      Api.Response created = user.post("/parse/classes/Memo", new JsonObject().put("n", i)
          .put("ACL", new JsonObject().put(userId, new JsonObject().put("read", true).put("write", true))));
      assertEquals(201, created.status(), created.text());
      String id = created.json().getString("objectId");
      Api.Response read = CloudDataTest.call(user, "dataGet", new JsonObject().put("className", "Memo").put("objectId", id));
      assertEquals(200, read.status(), read.text());
      assertEquals(i, read.json().getJsonObject("result").getInteger("n"));
      // another caller does not see it: the caller travelled with the call
      assertEquals(101, CloudDataTest.call(client, "dataGet", new JsonObject().put("className", "Memo").put("objectId", id))
          .json().getInteger("code"));
    }
    Api.Response whoami = user.post("/parse/functions/whoami", new JsonObject());
    assertEquals(userId, whoami.json().getJsonObject("result").getString("user"));
  }

  @Test
  @DisplayName("a save from the worker node runs the class's beforeSave, and the API node reads it at once")
  void writesTheApiNodeReads() {
    JsonObject saved = (JsonObject) CloudDataTest.result(client.asMaster(), "dataSave", new JsonObject().put("className", "DataNote")
        .put("object", new JsonObject().put("text", "from the worker")));
    JsonObject read = client.asMaster().get("/parse/classes/DataNote/" + saved.getString("objectId")).json();
    assertEquals("from the worker", read.getString("text"));
    assertEquals("by beforeSave", read.getString("stamped"));
    JsonArray found = (JsonArray) CloudDataTest.result(client.asMaster(), "dataFind", new JsonObject().put("className", "DataNote")
        .put("master", true));
    assertEquals(new JsonArray().add(saved.getString("objectId")), found);
  }
}
