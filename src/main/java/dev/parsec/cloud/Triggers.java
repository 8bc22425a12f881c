package dev.parsec.cloud;

import dev.parsec.access.CallerJson;
import dev.parsec.error.ParseException;
import dev.parsec.hooks.HookStore;
import dev.parsec.hooks.Webhooks;
import dev.parsec.web.ParseRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API side of triggers (saves and deletes of objects, finds, logins, files): each asks the worker
 * of any node that runs the trigger, over the clustered event bus, or the class's webhook (Parse
 * Hooks), which takes precedence. Where there is none, it costs two lookups in this node's memory
 * ({@link TriggerDirectory}, the hooks) and no call. before* triggers may change what is done or
 * refuse it (141 with the trigger's message, 124 when it does not answer in time); after* triggers
 * are told once the work is done, and their failure fails nothing.
 */
public final class Triggers {

  static final String ADDRESS = "parsec.cloud.trigger.";
  private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

  private final Vertx vertx;
  private final DeliveryOptions timeout;
  private final HookStore hooks;
  private final Webhooks webhooks;
  private final TriggerDirectory directory;

  /** Triggers run by cloud code modules, or by webhooks (Parse Hooks), which take precedence. */
  public Triggers(Vertx vertx, Duration timeout, HookStore hooks, Webhooks webhooks) {
    this.vertx = vertx;
    this.directory = TriggerDirectory.of(vertx);
    this.timeout = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    this.hooks = hooks;
    this.webhooks = webhooks;
  }

  /** The object to save: as given, or as a beforeSave trigger changed it. */
  public Future<JsonObject> beforeSave(String className, String objectId, JsonObject object, ParseRequest request) {
    return hooks.triggerUrl(className, "beforeSave").compose(url -> url != null
        ? webhooks.call(url, "beforeSave " + className, hookCall("beforeSave", className, objectId, object, request))
            .map(success -> savedAs(success, object))
        : ask("beforeSave." + className, call(objectId, object, request), className)
            .map(reply -> reply == null ? object : reply.getJsonObject("object")));
  }

  /** Whether saves of the class have a beforeSave trigger or webhook to ask. */
  public Future<Boolean> watchesSaves(String className) {
    return watches(className, "beforeSave");
  }

  /** Whether deletes of the class have a beforeDelete trigger or webhook to ask. */
  public Future<Boolean> watchesDeletes(String className) {
    return watches(className, "beforeDelete");
  }

  private Future<Boolean> watches(String className, String kind) {
    return directory.has(kind + "." + className) ? Future.succeededFuture(true)
        : hooks.triggerUrl(className, kind).map(url -> url != null);
  }

  /** Whether a query of the class has a beforeFind or afterFind trigger to ask (most classes have none). */
  public boolean watchesFinds(String className) {
    return directory.has("beforeFind." + className) || directory.has("afterFind." + className);
  }

  /** The query to run: the client's (the same instance), or the one a beforeFind trigger made of it. */
  public Future<JsonObject> beforeFind(String className, JsonObject query, boolean isGet, ParseRequest request) {
    return ask("beforeFind." + className, findCall(query, isGet, null, request), className)
        .map(reply -> reply == null || reply.getJsonObject("query") == null ? query : reply.getJsonObject("query"));
  }

  /** The objects to answer: those found (the same instance), or those an afterFind trigger made of them. */
  public Future<JsonArray> afterFind(String className, JsonObject query, boolean isGet, JsonArray objects, ParseRequest request) {
    return ask("afterFind." + className, findCall(query, isGet, objects, request), className)
        .map(reply -> reply == null || reply.getJsonArray("objects") == null ? objects : reply.getJsonArray("objects"));
  }

  private static JsonObject findCall(JsonObject query, boolean isGet, JsonArray objects, ParseRequest request) {
    return new JsonObject().put("query", query).put("isGet", isGet).put("objects", objects).put("userId", request.userId())
        .put("master", request.master()).put(CallerJson.FIELD, CallerJson.of(request.access()));
  }

  public Future<Void> beforeDelete(String className, String objectId, ParseRequest request) {
    return before("beforeDelete", className, objectId, null, request);
  }

  /** Asks beforeLogin whether the user may log in (a refusal is 141 with the trigger's message). */
  public Future<Void> beforeLogin(JsonObject user, ParseRequest request) {
    return before("beforeLogin", "_User", user.getString("objectId"), user, request);
  }

  public void afterLogin(JsonObject user, ParseRequest request) {
    after("afterLogin", "_User", user.getString("objectId"), user, request);
  }

  public void afterLogout(String userId, ParseRequest request) {
    after("afterLogout", "_User", userId, null, request);
  }

  /** A trigger that may refuse (beforeDelete, beforeLogin): a webhook's or a module's. */
  private Future<Void> before(String kind, String className, String objectId, JsonObject object, ParseRequest request) {
    return hooks.triggerUrl(className, kind).compose(url -> url != null
        ? webhooks.call(url, kind + " " + className, hookCall(kind, className, objectId, object, request)).<Void>mapEmpty()
        : ask(kind + "." + className, call(objectId, object, request), className).mapEmpty());
  }

  public void afterSave(String className, String objectId, JsonObject object, ParseRequest request) {
    after("afterSave", className, objectId, object, request);
  }

  public void afterDelete(String className, String objectId, ParseRequest request) {
    after("afterDelete", className, objectId, null, request);
  }

  /** Tells an after* trigger, webhook or module; what it answers changes nothing. */
  private void after(String kind, String className, String objectId, JsonObject object, ParseRequest request) {
    hooks.triggerUrl(className, kind).onSuccess(url -> {
      if (url != null) {
        webhooks.call(url, kind + " " + className, hookCall(kind, className, objectId, object, request))
            .onFailure(failure -> LOG.info("webhook {} {} failed: {}", kind, className, failure.getMessage()));
      } else {
        tell(kind + "." + className, call(objectId, object, request));
      }
    });
  }

  /** Parse's webhook payload for a trigger: the object with its class and id, and who asked. */
  private static JsonObject hookCall(String kind, String className, String objectId, JsonObject object, ParseRequest request) {
    JsonObject sent = object == null ? new JsonObject() : object.copy();
    sent.put("className", className);
    if (objectId != null) {
      sent.put("objectId", objectId);
    }
    return new JsonObject().put("triggerName", kind).put("object", sent).put("master", request.master())
        .put("installationId", request.installationId()).put("user", Webhooks.user(request.userId()));
  }

  /** What a beforeSave webhook's success means: the object to save (less what the server sets), or no change. */
  private static JsonObject savedAs(Object success, JsonObject object) {
    if (!(success instanceof JsonObject changed) || changed.isEmpty()) {
      return object;
    }
    JsonObject saved = changed.copy();
    for (String set : new String[] {"objectId", "className", "createdAt", "updatedAt"}) {
      saved.remove(set);
    }
    return saved;
  }

  /** The name to store an upload under: the client's, or the one a beforeSaveFile trigger chose. */
  public Future<String> beforeSaveFile(String name, String contentType, long size, ParseRequest request) {
    return ask("beforeSaveFile", fileCall(name, contentType, size, null, request), "files")
        .map(reply -> reply == null || reply.getString("name") == null ? name : reply.getString("name"));
  }

  public void afterSaveFile(String name, String contentType, long size, String url, ParseRequest request) {
    tell("afterSaveFile", fileCall(name, contentType, size, url, request));
  }

  public Future<Void> beforeDeleteFile(String name, ParseRequest request) {
    return ask("beforeDeleteFile", fileCall(name, null, -1, null, request), "files").mapEmpty();
  }

  public void afterDeleteFile(String name, ParseRequest request) {
    tell("afterDeleteFile", fileCall(name, null, -1, null, request));
  }

  /**
   * Asks a module's trigger, when a worker of the cluster runs it: its answer, or null when none
   * does; its refusal as 141, no answer in time as 124.
   */
  private Future<JsonObject> ask(String trigger, JsonObject call, String what) {
    if (!directory.has(trigger)) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().<JsonObject>request(ADDRESS + trigger, call, timeout).map(reply -> reply.body())
        .recover(failure -> noTrigger(failure) ? Future.succeededFuture() : Future.failedFuture(refused(what, failure)));
  }

  /** Tells a module's trigger, when a worker runs it; its answer is not awaited. */
  private void tell(String trigger, JsonObject call) {
    if (directory.has(trigger)) {
      vertx.eventBus().send(ADDRESS + trigger, call);
    }
  }

  private static JsonObject fileCall(String name, String contentType, long size, String url, ParseRequest request) {
    return new JsonObject().put("name", name).put("contentType", contentType).put("size", size).put("url", url)
        .put("userId", request.userId()).put("master", request.master()).put(CallerJson.FIELD, CallerJson.of(request.access()));
  }

  private static JsonObject call(String objectId, JsonObject object, ParseRequest request) {
    return new JsonObject().put("objectId", objectId).put("object", object).put("userId", request.userId())
        .put("master", request.master()).put(CallerJson.FIELD, CallerJson.of(request.access()));
  }

  private static boolean noTrigger(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static Throwable refused(String className, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return new ParseException(124, "A trigger of " + className + " did not answer in time.");
    }
    if (failure instanceof ReplyException reply) {
      // a module's ParseError answers its own code; anything else it threw is 141
      int code = reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() > 0 ? reply.failureCode()
          : FunctionRunner.SCRIPT_FAILED;
      return new ParseException(code, reply.getMessage());
    }
    return failure;
  }
}
