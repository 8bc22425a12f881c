package dev.parsec.cloud;

import dev.parsec.clouddata.CloudData;
import io.vertx.core.Context;
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
 * block: each call runs on a cloud code thread ({@link CloudThreads}), as many at once as there are threads;
 * one that answers a Future holds its thread no longer than it takes to return it.
 */
final class FunctionRunner {

  static final String ADDRESS = "parsec.cloud.function.";
  /** Parse's SCRIPT_FAILED. */
  static final int SCRIPT_FAILED = 141;
  private static final Logger LOG = LoggerFactory.getLogger(FunctionRunner.class);

  private FunctionRunner() {
  }

  static Future<Void> register(Vertx vertx, Cloud cloud, CloudData data, CloudThreads threads) {
    Context context = vertx.getOrCreateContext();
    Runner runner = new Runner(context, threads);
    List<Future<Void>> registered = new ArrayList<>();
    cloud.functions().forEach((name, function) -> registered.add(vertx.eventBus().<JsonObject>consumer(ADDRESS + name,
        message -> runner.answerLater(message, "function " + name, () -> {
          JsonObject call = message.body();
          Object result = function.run(new Cloud.Request(call.getJsonObject("params", new JsonObject()), call.getString("userId"),
              call.getBoolean("master", false), call.getString("installationId"), data.forCall(call)));
          return settled(result).map(value -> new JsonObject().put("result", Json.decodeValue(Json.encode(value))));
        })).completion()));
    cloud.beforeSaveTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "beforeSave." + className, message -> runner.answer(message, "beforeSave " + className, () -> {
          JsonObject changed = trigger.run(request(className, message.body(), data));
          return new JsonObject().put("object", changed != null ? changed : message.body().getJsonObject("object"));
        })).completion()));
    cloud.triggers().forEach((kind, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + kind, message -> runner.answer(message, kind, () -> {
          trigger.run(request(kind.substring(kind.indexOf('.') + 1), message.body(), data));
          return new JsonObject();
        })).completion()));
    cloud.beforeFindTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "beforeFind." + className, message -> runner.answer(message, "beforeFind " + className,
            () -> new JsonObject().put("query", trigger.run(findRequest(className, message.body(), data))))).completion()));
    cloud.afterFindTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "afterFind." + className, message -> runner.answer(message, "afterFind " + className,
            () -> new JsonObject().put("objects", trigger.run(findRequest(className, message.body(), data))))).completion()));
    if (cloud.beforeSaveFileTrigger() != null) {
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + "beforeSaveFile", message -> runner.answer(message, "beforeSaveFile",
          () -> new JsonObject().put("name", cloud.beforeSaveFileTrigger().run(fileRequest(message.body(), data))))).completion());
    }
    cloud.fileTriggers().forEach((kind, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + kind, message -> runner.answer(message, kind, () -> {
          trigger.run(fileRequest(message.body(), data));
          return new JsonObject();
        })).completion()));
    return Future.all(registered).mapEmpty();
  }

  /** What cloud code answered: a Future it returned, once complete, or the value itself. */
  @SuppressWarnings("unchecked")
  static Future<Object> settled(Object result) {
    return result instanceof Future<?> future ? (Future<Object>) future : Future.succeededFuture(result);
  }

  /** The Parse error code a failure of cloud code answers: a {@link ParseError}'s own, 141 for anything else. */
  static int code(Throwable failure) {
    return failure instanceof ParseError parse ? parse.code() : SCRIPT_FAILED;
  }

  /** The message a failure of cloud code answers. */
  static String messageOf(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
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

  private static Cloud.FindRequest findRequest(String className, JsonObject call, CloudData data) {
    return new Cloud.FindRequest(className, call.getJsonObject("query"), call.getBoolean("isGet", false),
        call.getJsonArray("objects"), call.getString("userId"), call.getBoolean("master", false), data.forCall(call));
  }

  private static Cloud.FileRequest fileRequest(JsonObject call, CloudData data) {
    return new Cloud.FileRequest(call.getString("name"), call.getString("contentType"), call.getLong("size", -1L),
        call.getString("url"), call.getString("userId"), call.getBoolean("master", false), data.forCall(call));
  }

  private static Cloud.TriggerRequest request(String className, JsonObject call, CloudData data) {
    return new Cloud.TriggerRequest(className, call.getString("objectId"), call.getJsonObject("object"),
        call.getString("userId"), call.getBoolean("master", false), data.forCall(call));
  }

  /** Runs functions and triggers on the cloud code threads and answers their messages on the worker's context. */
  private record Runner(Context context, CloudThreads threads) {

    /**
     * Runs a function or trigger for a message on a cloud code thread, unordered: one slow function holds up no
     * other call on the node. Answers its result, or its failure: a ParseError's code, else 141 (ignored for
     * after* triggers).
     */
    void answer(io.vertx.core.eventbus.Message<JsonObject> message, String what, java.util.concurrent.Callable<JsonObject> code) {
      answerLater(message, what, () -> Future.succeededFuture(code.call()));
    }

    /** As {@link #answer}, for code that answers a Future: the reply waits for it, holding no thread. */
    void answerLater(io.vertx.core.eventbus.Message<JsonObject> message, String what,
                     java.util.concurrent.Callable<Future<JsonObject>> code) {
      threads.run(context, code).compose(answered -> answered == null ? Future.succeededFuture(new JsonObject()) : answered)
          .onComplete(done -> {
            if (done.succeeded()) {
              message.reply(done.result());
              return;
            }
            Throwable e = done.cause();
            LOG.info("cloud {} failed: {}", what, e.toString());
            message.fail(code(e), messageOf(e));
          });
    }
  }
}
