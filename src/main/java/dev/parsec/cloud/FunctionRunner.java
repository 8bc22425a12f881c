package dev.parsec.cloud;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
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
public final class FunctionRunner {

  public static final String ADDRESS = "parsec.cloud.function.";
  /** Parse's SCRIPT_FAILED. */
  static final int SCRIPT_FAILED = 141;
  private static final Logger LOG = LoggerFactory.getLogger(FunctionRunner.class);

  private FunctionRunner() {
  }

  /**
   * @param functions runs functions
   * @param triggers runs triggers, on other threads than functions: a function waiting for a save must not hold
   *     the thread its class's trigger needs
   * @param meters the node's registry, where the functions' rate limit refusals are counted
   */
  static Future<Void> register(Vertx vertx, Cloud cloud, DataForCalls data, CloudAnswers functions, CloudAnswers triggers,
                               MeterRegistry meters) {
    List<Future<Void>> registered = new ArrayList<>();
    FunctionRateLimits limits = FunctionRateLimits.of(vertx, cloud.validators(), meters);
    cloud.functions().forEach((name, function) -> {
      Validator validator = cloud.validators().get(Cloud.FUNCTION + name);
      Logger log = LoggerFactory.getLogger("cloud.function." + name);
      registered.add(vertx.eventBus().<JsonObject>consumer(ADDRESS + name, message -> limits.admit(name, validator, message.body())
          .onFailure(refused -> CloudAnswers.fail(message, "function " + name, refused))
          .onSuccess(admitted -> functions.answerLater(message, "function " + name, () -> {
            JsonObject call = message.body();
            JsonObject params = call.getJsonObject("params", new JsonObject());
            validate(validator, call, params, null, false, null);
            Object result = function.run(new Cloud.Request(params, call.getJsonObject("user"), call.getBoolean("master", false),
                call.getString("installationId"), call.getString("ip"), call.getJsonObject("headers", new JsonObject()), name,
                call.getJsonObject("context", new JsonObject()), log, data.forCall(call)));
            return settled(result).map(value -> new JsonObject().put("result", Json.decodeValue(Json.encode(value))));
          }))).completion());
    });
    cloud.beforeSaveTriggers().forEach((className, trigger) -> {
      String kind = "beforeSave." + className;
      Validator validator = cloud.validators().get(kind);
      Logger log = LoggerFactory.getLogger("cloud." + kind);
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + kind, message -> triggers.answer(message, kind, () -> {
        Cloud.TriggerRequest request = request(className, "beforeSave", message.body(), log, data);
        validateTrigger(validator, request, message.body());
        JsonObject changed = trigger.run(request);
        return new JsonObject().put("object", changed != null ? changed : request.object()).put("context", request.context());
      })).completion());
    });
    cloud.triggers().forEach((kind, trigger) -> {
      String className = kind.substring(kind.indexOf('.') + 1);
      String triggerName = kind.substring(0, kind.indexOf('.'));
      Validator validator = cloud.validators().get(kind);
      Logger log = LoggerFactory.getLogger("cloud." + kind);
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + kind, message -> triggers.answer(message, kind, () -> {
        Cloud.TriggerRequest request = request(className, triggerName, message.body(), log, data);
        validateTrigger(validator, request, message.body());
        trigger.run(request);
        return new JsonObject().put("context", request.context());
      })).completion());
    });
    cloud.beforeFindTriggers().forEach((className, trigger) -> {
      String kind = "beforeFind." + className;
      Validator validator = cloud.validators().get(kind);
      Logger log = LoggerFactory.getLogger("cloud." + kind);
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + kind, message -> triggers.answer(message, kind, () -> {
        validate(validator, message.body(), null, null, true, null);
        return new JsonObject().put("query", trigger.run(findRequest(className, "beforeFind", message.body(), log, data)));
      })).completion());
    });
    cloud.afterFindTriggers().forEach((className, trigger) -> {
      String kind = "afterFind." + className;
      Logger log = LoggerFactory.getLogger("cloud." + kind);
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + kind, message -> triggers.answer(message, kind,
          () -> new JsonObject().put("objects", trigger.run(findRequest(className, "afterFind", message.body(), log, data))))).completion());
    });
    if (cloud.beforeSaveFileTrigger() != null) {
      Logger log = LoggerFactory.getLogger("cloud.beforeSaveFile");
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + "beforeSaveFile", message -> triggers.answer(message, "beforeSaveFile",
          () -> new JsonObject().put("name", cloud.beforeSaveFileTrigger().run(fileRequest("beforeSaveFile", message.body(), log, data)))))
          .completion());
    }
    cloud.fileTriggers().forEach((kind, trigger) -> {
      Logger log = LoggerFactory.getLogger("cloud." + kind);
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + kind, message -> triggers.answer(message, kind, () -> {
        trigger.run(fileRequest(kind, message.body(), log, data));
        return new JsonObject();
      })).completion());
    });
    return Future.all(registered).mapEmpty();
  }

  /** A trigger's validator, over its object (a _User being created counts as the caller when none is signed in). */
  private static void validateTrigger(Validator validator, Cloud.TriggerRequest request, JsonObject call) {
    boolean newUser = "_User".equals(request.className()) && request.original() == null && request.objectId() == null;
    validate(validator, call, request.object(), request.original(), true, newUser ? request.object() : null);
  }

  private static void validate(Validator validator, JsonObject call, JsonObject fields, JsonObject original, boolean trigger,
                               JsonObject newUser) {
    if (validator == null) {
      return;
    }
    JsonArray roles = call.getJsonArray("roles", new JsonArray());
    List<String> names = new ArrayList<>(roles.size());
    roles.forEach(role -> names.add(String.valueOf(role)));
    ValidatorCheck.check(validator, call.getBoolean("master", false), call.getJsonObject("user"), names, fields, original,
        trigger, newUser);
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

  /** What cloud code answered: a Future it returned, once complete, or the value itself. */
  @SuppressWarnings("unchecked")
  static Future<Object> settled(Object result) {
    return result instanceof Future<?> future ? (Future<Object>) future : Future.succeededFuture(result);
  }

  private static Cloud.FindRequest findRequest(String className, String triggerName, JsonObject call, Logger log, DataForCalls data) {
    return new Cloud.FindRequest(className, call.getJsonObject("query"), call.getBoolean("isGet", false),
        call.getJsonArray("objects"), call.getJsonObject("user"), call.getBoolean("master", false), call.getString("installationId"),
        call.getString("ip"), call.getJsonObject("headers", new JsonObject()), triggerName, log, data.forCall(call));
  }

  private static Cloud.FileRequest fileRequest(String triggerName, JsonObject call, Logger log, DataForCalls data) {
    return new Cloud.FileRequest(call.getString("name"), call.getString("contentType"), call.getLong("size", -1L),
        call.getString("url"), call.getJsonObject("user"), call.getBoolean("master", false), call.getString("installationId"),
        call.getString("ip"), call.getJsonObject("headers", new JsonObject()), triggerName, log, data.forCall(call));
  }

  private static Cloud.TriggerRequest request(String className, String triggerName, JsonObject call, Logger log, DataForCalls data) {
    return new Cloud.TriggerRequest(className, call.getString("objectId"), call.getJsonObject("object"),
        call.getJsonObject("original"), call.getJsonObject("user"), call.getBoolean("master", false), call.getString("installationId"),
        call.getString("ip"), call.getJsonObject("headers", new JsonObject()), call.getJsonObject("context", new JsonObject()),
        triggerName, log, data.forCall(call));
  }
}
