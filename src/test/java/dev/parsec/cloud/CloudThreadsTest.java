package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Functions that wait for saves whose class has a trigger, more of them at once than a node has cloud code threads. */
@DisplayName("Cloud code threads: functions waiting on saves never starve the triggers those saves run")
class CloudThreadsTest {

  @Test
  @DisplayName("60 functions at once, each awaiting a save that runs a beforeSave, all answer (none times out)")
  void functionsAwaitingTriggersAllAnswer() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("allow_client_class_creation", "true");
    settings.put("function_timeout", "10");
    Node node = TestNodes.startReady(settings);
    try {
      Api master = Api.at(node.config().port()).asMaster();
      List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        JsonObject params = new JsonObject().put("className", "DataNote").put("object", new JsonObject().put("n", i));
        calls.add(CompletableFuture.supplyAsync(() -> CloudDataTest.call(master, "dataSaveAwait", params)));
      }
      for (CompletableFuture<Api.Response> call : calls) {
        Api.Response answer = call.join();
        assertEquals(200, answer.status(), answer.text());
        assertEquals("by beforeSave", answer.json().getJsonObject("result").getString("stamped"));
      }
    } finally {
      node.stop();
    }
  }
}
