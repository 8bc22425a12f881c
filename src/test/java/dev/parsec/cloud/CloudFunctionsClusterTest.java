package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Cloud functions called on an API-only node run on the worker node, over the clustered event bus. */
@DisplayName("Cloud functions: called on an API-only node, run by another node's workers")
class CloudFunctionsClusterTest {

  private static Node api;
  private static Node worker;
  private static Api client;

  @BeforeAll
  static void start() {
    List<Map<String, String>> cluster = TestNodes.clusterOfTwo(TestDatabases.fresh());
    cluster.get(0).put("roles", "api");
    cluster.get(0).put("function_timeout", "3");
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
  @DisplayName("a save on the API-only node runs the class's beforeSave on the worker node, which it learnt of from the cluster")
  void triggerOnTheWorkerNode() {
    Api.Response created = client.post("/parse/classes/Priced", new JsonObject().put("qty", 2).put("price", 1.5));
    assertEquals(201, created.status(), created.text());
    assertEquals(3.0, client.get("/parse/classes/Priced/" + created.json().getString("objectId")).json().getDouble("total"));
    assertEquals(141, client.post("/parse/classes/Priced", new JsonObject().put("qty", -1)).json().getInteger("code"));
  }

  @Test
  @DisplayName("a function defined only where workers run answers {result}, with the caller's params and user")
  void runsOnTheWorkerNode() {
    Api.Response hello = client.post("/parse/functions/hello", new JsonObject().put("name", "Ann"));
    assertEquals(200, hello.status(), hello.text());
    assertEquals(new JsonObject().put("result", "Hello Ann"), hello.json());

    String token = TestUsers.signUp(api.config().port());
    String userId = client.header("X-Parse-Session-Token", token).get("/parse/users/me").json().getString("objectId");
    JsonObject who = client.header("X-Parse-Session-Token", token).post("/parse/functions/whoami", new JsonObject())
        .json().getJsonObject("result");
    assertEquals(userId, who.getString("user"));
    assertEquals(false, who.getBoolean("master"));
    assertTrue(who.getString("thread").startsWith("parsec-cloud-function-"), "runs on a cloud code thread: " + who.getString("thread"));
  }

  @Test
  @DisplayName("a slow function holds up no other call: functions run side by side on the worker node")
  void slowFunctionBlocksNothing() throws Exception {
    java.util.concurrent.CompletableFuture<Api.Response> slow = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> client.post("/parse/functions/slow", new JsonObject()));
    Thread.sleep(300); // the slow call is running on the worker node
    Api.Response hello = client.post("/parse/functions/hello", new JsonObject().put("name", "Bo"));
    assertEquals(200, hello.status(), hello.text());
    assertFalse(slow.isDone(), "answered while the slow call was still waiting (it gives up after function_timeout)");
    assertEquals(124, slow.get().json().getInteger("code"));
  }

  @Test
  @DisplayName("unknown function, a function that throws, one that outlives function_timeout: Parse's errors")
  void errors() {
    Api.Response unknown = client.post("/parse/functions/nope", new JsonObject());
    assertEquals(141, unknown.json().getInteger("code"));
    assertEquals("Invalid function: \"nope\"", unknown.json().getString("error"));
    Api.Response fails = client.post("/parse/functions/fails", new JsonObject().put("item", "pens"));
    assertEquals(141, fails.json().getInteger("code"));
    assertEquals("no stock for pens", fails.json().getString("error"));
    Api.Response slow = client.post("/parse/functions/slow", new JsonObject());
    assertEquals(124, slow.json().getInteger("code"), slow.text());
  }
}
