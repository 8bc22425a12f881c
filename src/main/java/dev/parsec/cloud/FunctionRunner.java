package dev.parsec.cloud;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of cloud functions: one consumer per function this node has, on the clustered
 * event bus, so a call from any node's API reaches a node that has the function. Runs in a worker
 * verticle: a function may block.
 */
final class FunctionRunner {

  static final String ADDRESS = "parsec.cloud.function.";
  /** Parse's SCRIPT_FAILED. */
  static final int SCRIPT_FAILED = 141;
  private static final Logger LOG = LoggerFactory.getLogger(FunctionRunner.class);

  private FunctionRunner() {
  }

  static Future<Void> register(Vertx vertx, Cloud cloud) {
    List<Future<Void>> registered = new ArrayList<>();
    cloud.functions().forEach((name, function) -> registered.add(vertx.eventBus().<JsonObject>consumer(ADDRESS + name, message -> {
      JsonObject call = message.body();
      try {
        Object result = function.run(new Cloud.Request(call.getJsonObject("params", new JsonObject()), call.getString("userId"),
            call.getBoolean("master", false), call.getString("installationId")));
        message.reply(new JsonObject().put("result", Json.decodeValue(Json.encode(result))));
      } catch (Exception e) {
        LOG.info("cloud function {} failed: {}", name, e.toString());
        message.fail(SCRIPT_FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
    }).completion()));
    return Future.all(registered).mapEmpty();
  }
}
