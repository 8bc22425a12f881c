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
 * event bus, so a call from any node's API reaches a node that has the function. A function may
 * block: each call runs on a thread of the worker pool, as many at once as it has threads.
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
    cloud.functions().forEach((name, function) -> registered.add(vertx.eventBus().<JsonObject>consumer(ADDRESS + name,
        message -> answer(vertx, message, "function " + name, () -> {
          JsonObject call = message.body();
          Object result = function.run(new Cloud.Request(call.getJsonObject("params", new JsonObject()), call.getString("userId"),
              call.getBoolean("master", false), call.getString("installationId")));
          return new JsonObject().put("result", Json.decodeValue(Json.encode(result)));
        })).completion()));
    cloud.beforeSaveTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "beforeSave." + className, message -> answer(vertx, message, "beforeSave " + className, () -> {
          JsonObject changed = trigger.run(request(className, message.body()));
          return new JsonObject().put("object", changed != null ? changed : message.body().getJsonObject("object"));
        })).completion()));
    cloud.triggers().forEach((kind, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + kind, message -> answer(vertx, message, kind, () -> {
          trigger.run(request(kind.substring(kind.indexOf('.') + 1), message.body()));
          return new JsonObject();
        })).completion()));
    cloud.beforeFindTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "beforeFind." + className, message -> answer(vertx, message, "beforeFind " + className,
            () -> new JsonObject().put("query", trigger.run(findRequest(className, message.body()))))).completion()));
    cloud.afterFindTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "afterFind." + className, message -> answer(vertx, message, "afterFind " + className,
            () -> new JsonObject().put("objects", trigger.run(findRequest(className, message.body()))))).completion()));
    if (cloud.beforeSaveFileTrigger() != null) {
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + "beforeSaveFile", message -> answer(vertx, message, "beforeSaveFile",
          () -> new JsonObject().put("name", cloud.beforeSaveFileTrigger().run(fileRequest(message.body()))))).completion());
    }
    cloud.fileTriggers().forEach((kind, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + kind, message -> answer(vertx, message, kind, () -> {
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
    cloud.jobs().keySet().forEach(job -> names.add(TriggerDirectory.JOB + job));
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

  /**
   * Runs a function or trigger for a message on a thread of the worker pool, unordered: the worker
   * verticle would otherwise run its handlers one at a time, and one slow function would hold up
   * every call on the node. Answers its result, or its failure as 141 (ignored for after* triggers).
   */
  static void answer(Vertx vertx, io.vertx.core.eventbus.Message<JsonObject> message, String what,
                             java.util.concurrent.Callable<JsonObject> code) {
    vertx.executeBlocking(code, false).onComplete(done -> {
      if (done.succeeded()) {
        message.reply(done.result());
        return;
      }
      Throwable e = done.cause();
      LOG.info("cloud {} failed: {}", what, e.toString());
      message.fail(SCRIPT_FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    });
  }
}
