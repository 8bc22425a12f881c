package dev.parsec.cloud;

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
  /** Parse's class name of files, for their webhooks. */
  private static final String FILE_CLASS = "@File";
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

  /** Whether a query of the class has a beforeFind or afterFind trigger or webhook to ask (most classes have none). */
  public Future<Boolean> watchesFinds(String className) {
    if (directory.has("beforeFind." + className) || directory.has("afterFind." + className)) {
      return Future.succeededFuture(true);
    }
    return hooks.triggerUrl(className, "beforeFind")
        .compose(url -> url != null ? Future.succeededFuture(true) : hooks.triggerUrl(className, "afterFind").map(after -> after != null));
  }

  /**
   * The query to run: the client's (the same instance), or the one a beforeFind trigger made of it. A
   * webhook's answer ({where, limit…}) replaces those parameters of the client's query (Parse Server
   * ignores it: there a hook can only refuse a query).
   */
  public Future<JsonObject> beforeFind(String className, JsonObject query, boolean isGet, ParseRequest request) {
    return hooks.triggerUrl(className, "beforeFind").compose(url -> url != null
        ? webhooks.call(url, "beforeFind " + className, findHookCall("beforeFind", className, query, isGet, null, request))
            .map(success -> success instanceof JsonObject changed && !changed.isEmpty() ? query.copy().mergeIn(changed) : query)
        : ask("beforeFind." + className, findCall(query, isGet, null, request), className)
            .map(reply -> reply == null || reply.getJsonObject("query") == null ? query : reply.getJsonObject("query")));
  }

  /** The objects to answer: those found (the same instance), or those an afterFind trigger or webhook made of them. */
  public Future<JsonArray> afterFind(String className, JsonObject query, boolean isGet, JsonArray objects, ParseRequest request) {
    return hooks.triggerUrl(className, "afterFind").compose(url -> url != null
        ? webhooks.call(url, "afterFind " + className, findHookCall("afterFind", className, query, isGet, objects, request))
            .map(success -> success instanceof JsonArray answered ? withoutClass(answered, className) : objects)
        : ask("afterFind." + className, findCall(query, isGet, objects, request), className)
            .map(reply -> reply == null || reply.getJsonArray("objects") == null ? objects : reply.getJsonArray("objects")));
  }

  /** Parse's webhook payload for a query: its parameters, the objects found (each with its class), and who asks. */
  private static JsonObject findHookCall(String kind, String className, JsonObject query, boolean isGet, JsonArray objects,
                                         ParseRequest request) {
    JsonObject call = new JsonObject().put("triggerName", kind).put("className", className).put("query", query.copy())
        .put("isGet", isGet).put("count", counts(query.getValue("count")))
        .put("master", request.master()).put("installationId", request.installationId()).put("user", Webhooks.user(request.userId()));
    if (objects != null) {
      JsonArray sent = new JsonArray();
      objects.forEach(object -> sent.add(object instanceof JsonObject found ? found.copy().put("className", className) : object));
      call.put("objects", sent);
    }
    return call;
  }

  /** Whether a query asks for the count of its matches (count=1, as REST sends it, or true). */
  private static boolean counts(Object count) {
    return Boolean.TRUE.equals(count) || count instanceof Number number && number.intValue() != 0 || "1".equals(count)
        || "true".equals(count);
  }

  /** The objects a hook answered, less the class name its payload gave each. */
  private static JsonArray withoutClass(JsonArray objects, String className) {
    JsonArray answered = new JsonArray();
    for (Object object : objects) {
      if (object instanceof JsonObject found && className.equals(found.getString("className")) && !found.containsKey("__type")) {
        JsonObject copy = found.copy();
        copy.remove("className");
        answered.add(copy);
      } else {
        answered.add(object);
      }
    }
    return answered;
  }

  private static JsonObject findCall(JsonObject query, boolean isGet, JsonArray objects, ParseRequest request) {
    return new JsonObject().put("query", query).put("isGet", isGet).put("objects", objects).put("userId", request.userId())
        .put("master", request.master());
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

  /**
   * The name to store an upload under: the client's, or the one a beforeSaveFile trigger chose. A
   * webhook (beforeSave of "@File") renames it by answering a file ({"name": …}); Parse Server ignores
   * its answer.
   */
  public Future<String> beforeSaveFile(String name, String contentType, long size, ParseRequest request) {
    return hooks.triggerUrl(FILE_CLASS, "beforeSave").compose(url -> url != null
        ? webhooks.call(url, "beforeSave " + FILE_CLASS, fileHookCall("beforeSave", name, contentType, size, null, request))
            .map(success -> success instanceof JsonObject file && file.getValue("name") instanceof String renamed
                && !renamed.isBlank() ? renamed : name)
        : ask("beforeSaveFile", fileCall(name, contentType, size, null, request), "files")
            .map(reply -> reply == null || reply.getString("name") == null ? name : reply.getString("name")));
  }

  public void afterSaveFile(String name, String contentType, long size, String url, ParseRequest request) {
    afterFile("afterSave", "afterSaveFile", fileCall(name, contentType, size, url, request),
        fileHookCall("afterSave", name, contentType, size, url, request));
  }

  public Future<Void> beforeDeleteFile(String name, ParseRequest request) {
    return hooks.triggerUrl(FILE_CLASS, "beforeDelete").compose(url -> url != null
        ? webhooks.call(url, "beforeDelete " + FILE_CLASS, fileHookCall("beforeDelete", name, null, -1, null, request)).mapEmpty()
        : ask("beforeDeleteFile", fileCall(name, null, -1, null, request), "files").mapEmpty());
  }

  public void afterDeleteFile(String name, ParseRequest request) {
    afterFile("afterDelete", "afterDeleteFile", fileCall(name, null, -1, null, request),
        fileHookCall("afterDelete", name, null, -1, null, request));
  }

  /** Tells an after* file trigger, webhook ("@File") or module; what it answers changes nothing. */
  private void afterFile(String hookKind, String trigger, JsonObject call, JsonObject hookCall) {
    hooks.triggerUrl(FILE_CLASS, hookKind).onSuccess(url -> {
      if (url != null) {
        webhooks.call(url, hookKind + " " + FILE_CLASS, hookCall)
            .onFailure(failure -> LOG.info("webhook {} {} failed: {}", hookKind, FILE_CLASS, failure.getMessage()));
      } else {
        tell(trigger, call);
      }
    });
  }

  /** Parse's webhook payload for a file trigger: the file ({__type: File, name, url}), its size and type, and who asks. */
  private static JsonObject fileHookCall(String kind, String name, String contentType, long size, String url, ParseRequest request) {
    JsonObject file = new JsonObject().put("__type", "File").put("name", name);
    if (url != null) {
      file.put("url", url);
    }
    JsonObject call = new JsonObject().put("triggerName", kind).put("file", file).put("master", request.master())
        .put("installationId", request.installationId()).put("user", Webhooks.user(request.userId()));
    if (size >= 0) {
      call.put("fileSize", size);
    }
    if (contentType != null) {
      call.put("contentType", contentType);
    }
    return call;
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
        .put("userId", request.userId()).put("master", request.master());
  }

  private static JsonObject call(String objectId, JsonObject object, ParseRequest request) {
    return new JsonObject().put("objectId", objectId).put("object", object).put("userId", request.userId())
        .put("master", request.master());
  }

  private static boolean noTrigger(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static Throwable refused(String className, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return new ParseException(124, "A trigger of " + className + " did not answer in time.");
    }
    return failure instanceof ReplyException reply ? new ParseException(FunctionRunner.SCRIPT_FAILED, reply.getMessage()) : failure;
  }
}
