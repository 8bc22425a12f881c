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
    cloud.beforeSaveTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "beforeSave." + className, message -> answer(message, "beforeSave " + className, () -> {
          JsonObject changed = trigger.run(request(className, message.body()));
          return new JsonObject().put("object", changed != null ? changed : message.body().getJsonObject("object"));
        })).completion()));
    cloud.triggers().forEach((kind, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + kind, message -> answer(message, kind, () -> {
          trigger.run(request(kind.substring(kind.indexOf('.') + 1), message.body()));
          return new JsonObject();
        })).completion()));
    cloud.beforeFindTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "beforeFind." + className, message -> answer(message, "beforeFind " + className,
            () -> new JsonObject().put("query", trigger.run(findRequest(className, message.body()))))).completion()));
    cloud.afterFindTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "afterFind." + className, message -> answer(message, "afterFind " + className,
            () -> new JsonObject().put("objects", trigger.run(findRequest(className, message.body()))))).completion()));
    if (cloud.beforeSaveFileTrigger() != null) {
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + "beforeSaveFile", message -> answer(message, "beforeSaveFile",
          () -> new JsonObject().put("name", cloud.beforeSaveFileTrigger().run(fileRequest(message.body()))))).completion());
    }
    cloud.fileTriggers().forEach((kind, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + kind, message -> answer(message, kind, () -> {
          trigger.run(fileRequest(message.body()));
          return new JsonObject();
        })).completion()));
    return Future.all(registered).mapEmpty();
  }

  /** The triggers the module defines, as TriggerDirectory names them ("beforeSave.Class", "beforeSaveFile"…). */
  static List<String> triggerNames(Cloud cloud) {
    List<String> names = new ArrayList<>();
    cloud.beforeSaveTriggers().keySet().forEach(className -> names.add("beforeSave." + className));
    cloud.beforeFindTriggers().keySet().forEach(className -> names.add("beforeFind." + className));
    cloud.afterFindTriggers().keySet().forEach(className -> names.add("afterFind." + className));
    names.addAll(cloud.triggers().keySet());
    if (cloud.beforeSaveFileTrigger() != null) {
      names.add("beforeSaveFile");
    }
    names.addAll(cloud.fileTriggers().keySet());
    return names;
  }

  private static Cloud.FindRequest findRequest(String className, JsonObject call) {
    return new Cloud.FindRequest(className, call.getJsonObject("query"), call.getBoolean("isGet", false),
        call.getJsonArray("objects"), call.getString("userId"), call.getBoolean("master", false));
  }

  private static Cloud.FileRequest fileRequest(JsonObject call) {
    return new Cloud.FileRequest(call.getString("name"), call.getString("contentType"), call.getLong("size", -1L),
        call.getString("url"), call.getString("userId"), call.getBoolean("master", false));
  }

  private static Cloud.TriggerRequest request(String className, JsonObject call) {
    return new Cloud.TriggerRequest(className, call.getString("objectId"), call.getJsonObject("object"),
        call.getString("userId"), call.getBoolean("master", false));
  }

  /** Runs a trigger for a message: its answer, or the trigger's failure as 141 (replies are ignored for after* triggers). */
  private static void answer(io.vertx.core.eventbus.Message<JsonObject> message, String what,
                             java.util.concurrent.Callable<JsonObject> trigger) {
    try {
      message.reply(trigger.call());
    } catch (Exception e) {
      LOG.info("cloud trigger {} failed: {}", what, e.toString());
      message.fail(SCRIPT_FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
