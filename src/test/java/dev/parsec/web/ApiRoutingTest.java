package dev.parsec.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Metrics;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a call finds its route (for HTTP and batch alike), and how the HTTP metrics count it. */
@DisplayName("API routing: paths and methods as Parse Server routes them, each call counted once under its route")
class ApiRoutingTest {

  private static final String GET_ROUTE = "route=\"/parse/classes/:className/:objectId\"";

  private static Node node;
  private static Api client;
  private static String id;

  @BeforeAll
  static void start() {
    node = TestNodes.startReady(TestNodes.settings(TestDatabases.fresh()));
    client = Api.at(node.config().port());
    Api.Response created = client.asMaster().post("/parse/classes/GameScore", new JsonObject().put("score", 7));
    assertEquals(201, created.status(), created.text());
    id = created.json().getString("objectId");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static void assertFound(Api.Response response) {
    assertEquals(200, response.status(), response.text());
    assertEquals(id, response.json().getString("objectId"), response.text());
    assertEquals(7, response.json().getInteger("score"), response.text());
  }

  @Test
  @DisplayName("path segments are percent-decoded, one trailing slash is allowed, and the JS SDK's _method chooses the route")
  void paths() {
    assertFound(client.get("/parse/classes/GameScore/" + id));
    assertFound(client.get("/parse/classes/Game%53core/" + id));
    assertFound(client.get("/parse/classes/GameScore/" + id + "/"));
    assertFound(client.postRaw("/parse/classes/GameScore/" + id,
        new JsonObject().put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).encode(), "text/plain"));
    Api.Response batch = client.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/parse/classes/Game%53core/" + id))));
    assertEquals(200, batch.status(), batch.text());
    assertEquals(7, batch.jsonArray().getJsonObject(0).getJsonObject("success").getInteger("score"), batch.text());
  }

  @Test
  @DisplayName("a path no route has is 404; a path whose routes take other methods is Parse's 107")
  void misses() {
    Api.Response unknown = client.get("/parse/nothing/here");
    assertEquals(404, unknown.status(), unknown.text());
    assertEquals("Cannot GET /parse/nothing/here", unknown.json().getString("error"));
    Api.Response noName = client.post("/parse/functions/", new JsonObject());
    assertEquals(404, noName.status(), "a parameter is never empty: " + noName.text());
    Api.Response wrongMethod = client.put("/parse/login", new JsonObject());
    assertEquals(400, wrongMethod.status(), wrongMethod.text());
    assertEquals(107, wrongMethod.json().getInteger("code"), wrongMethod.text());
  }

  @Test
  @DisplayName("each call is counted once, under its route as added, its method and its status; none stays active")
  void metrics() {
    String before = Metrics.of(node);
    int gets = 25;
    for (int i = 0; i < gets; i++) {
      assertFound(client.get("/parse/classes/GameScore/" + id));
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(201, client.post("/parse/classes/GameScore", new JsonObject().put("score", i)).status());
    }
    String after = Metrics.of(node);
    for (String name : new String[] {"vertx_http_server_requests_total", "vertx_http_server_response_time_seconds_count"}) {
      assertEquals(gets, Metrics.sum(after, name, GET_ROUTE, "code=\"200\"", "method=\"GET\"")
          - Metrics.sum(before, name, GET_ROUTE, "code=\"200\"", "method=\"GET\""), name);
    }
    assertEquals(3, Metrics.sum(after, "vertx_http_server_requests_total", "route=\"/parse/classes/:className\"", "code=\"201\"")
        - Metrics.sum(before, "vertx_http_server_requests_total", "route=\"/parse/classes/:className\"", "code=\"201\""));
    assertEquals(0, Metrics.sum(after, "vertx_http_server_active_requests", "method=\"POST\""));
    // the scrape being answered is the one GET in progress
    assertEquals(1, Metrics.sum(after, "vertx_http_server_active_requests", "method=\"GET\""));
  }
}
