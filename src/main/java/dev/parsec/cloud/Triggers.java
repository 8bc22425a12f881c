package dev.parsec.cloud;

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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API side of triggers (saves and deletes of objects, finds, logins, files): each asks the worker
 * of any node that runs the trigger, over the clustered event bus, or the class's webhook (Parse
 * Hooks), which takes precedence. Where there is none, it costs two lookups in this node's memory
 * ({@link TriggerDirectory}, the hooks) and no call. before* triggers may change what is done or
 * refuse it (141 with the trigger's message, 142 from a validator, 124 when it does not answer in time);
 * after* triggers are told once the work is done, and their failure fails nothing.
 *
 * <p>Each is given the request as Parse Server gives it ({@link CloudCallers}): the whole user, the master
 * key, installation, address, headers, the save's cloud context, and for a save or delete the whole object
 * and the original, which the write path reads only when a trigger or hook of the class will be shown them
 * ({@link #showsSaves}, {@link #showsDeletes}).
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
  private final CloudCallers callers;

  /** Triggers run by cloud code modules, or by webhooks (Parse Hooks), which take precedence. */
  public Triggers(Vertx vertx, Duration timeout, HookStore hooks, Webhooks webhooks, CloudCallers callers) {
    this.vertx = vertx;
    this.directory = TriggerDirectory.of(vertx);
    this.timeout = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    this.hooks = hooks;
    this.webhooks = webhooks;
    this.callers = callers;
  }

  /**
   * The body to save: as given (the same instance) when no beforeSave trigger or webhook changed it, or as
   * {@link TriggerObjects#changes} makes it of the trigger's answer. The trigger is shown the whole object
   * (the original with the body applied); what it puts in the context, the afterSave sees.
   *
   * @param original the stored object an update changes (null for a create, or when the caller read none)
   * @param context this save's cloud context, which the trigger's changes are merged into
   */
  public Future<JsonObject> beforeSave(String className, String objectId, JsonObject original, JsonObject body,
                                       JsonObject context, ParseRequest request) {
    String kind = "beforeSave";
    return hooks.triggerUrl(className, kind).compose(url -> {
      if (url == null && !directory.has(kind + "." + className)) {
        return Future.succeededFuture(body);
      }
      JsonObject shownOriginal = TriggerObjects.shown(className, original);
      JsonObject given = TriggerObjects.shown(className, TriggerObjects.applied(original, body));
      if (objectId != null) {
        given.put("objectId", objectId);
      }
      return callers.of(request).compose(caller -> {
        JsonObject call = objectCall(caller, objectId, given, shownOriginal, context);
        if (url != null) {
          return webhooks.call(url, kind + " " + className, hookCall(kind, className, call))
              .map(success -> success instanceof JsonObject changed && !changed.isEmpty()
                  ? TriggerObjects.changes(body, given, changed) : body);
        }
        return ask(kind + "." + className, call, className).map(reply -> {
          if (reply == null) {
            return body;
          }
          mergeContext(context, reply);
          JsonObject answered = reply.getJsonObject("object");
          return answered == null || answered.equals(given) ? body : TriggerObjects.changes(body, given, answered);
        });
      });
    });
  }

  /**
   * The stored object a save (an update) or a delete changes, when a trigger or webhook of the class will be
   * shown it; null otherwise (a create, no trigger, no such object), at no cost where there is no trigger.
   */
  public Future<JsonObject> stored(String className, String objectId, boolean delete, ParseRequest request) {
    if (objectId == null) {
      return Future.succeededFuture();
    }
    return (delete ? showsDeletes(className) : showsSaves(className)).compose(shown -> shown
        ? callers.stored(request, className, objectId) : Future.succeededFuture());
  }

  /** Whether a save of the class is shown to a trigger or webhook (which then needs its original). */
  public Future<Boolean> showsSaves(String className) {
    return watches(className, "beforeSave").compose(before -> before ? Future.succeededFuture(true) : watches(className, "afterSave"));
  }

  /** Whether a delete of the class is shown to a trigger or webhook (which then needs the object deleted). */
  public Future<Boolean> showsDeletes(String className) {
    return watches(className, "beforeDelete").compose(before -> before ? Future.succeededFuture(true) : watches(className, "afterDelete"));
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
        ? callers.of(request).compose(caller -> webhooks.call(url, "beforeFind " + className,
                findHookCall("beforeFind", className, caller, query, isGet, null)))
            .map(success -> success instanceof JsonObject changed && !changed.isEmpty() ? query.copy().mergeIn(changed) : query)
        : askAs("beforeFind." + className, request, caller -> findCall(caller, query, isGet, null), className)
            .map(reply -> reply == null || reply.getJsonObject("query") == null ? query : reply.getJsonObject("query")));
  }

  /** The objects to answer: those found (the same instance), or those an afterFind trigger or webhook made of them. */
  public Future<JsonArray> afterFind(String className, JsonObject query, boolean isGet, JsonArray objects, ParseRequest request) {
    return hooks.triggerUrl(className, "afterFind").compose(url -> url != null
        ? callers.of(request).compose(caller -> webhooks.call(url, "afterFind " + className,
                findHookCall("afterFind", className, caller, query, isGet, objects)))
            .map(success -> success instanceof JsonArray answered ? withoutClass(answered, className) : objects)
        : askAs("afterFind." + className, request, caller -> findCall(caller, query, isGet, objects), className)
            .map(reply -> reply == null || reply.getJsonArray("objects") == null ? objects : reply.getJsonArray("objects")));
  }

  /** Parse's webhook payload for a query: its parameters, the objects found (each with its class), and who asks. */
  private static JsonObject findHookCall(String kind, String className, JsonObject caller, JsonObject query, boolean isGet,
                                         JsonArray objects) {
    JsonObject call = CloudCallers.forHook(caller).put("triggerName", kind).put("className", className).put("query", query.copy())
        .put("isGet", isGet).put("count", counts(query.getValue("count")));
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

  private static JsonObject findCall(JsonObject caller, JsonObject query, boolean isGet, JsonArray objects) {
    return caller.put("query", query).put("isGet", isGet).put("objects", objects);
  }

  /**
   * Asks beforeDelete whether the object may be deleted.
   *
   * @param object the stored object (null when the caller read none)
   * @param context this delete's cloud context, which the trigger's changes are merged into
   */
  public Future<Void> beforeDelete(String className, String objectId, JsonObject object, JsonObject context, ParseRequest request) {
    return before("beforeDelete", className, objectId, object, context, request);
  }

  /** Asks beforeLogin whether the user may log in (a refusal is 141 with the trigger's message). */
  public Future<Void> beforeLogin(JsonObject user, ParseRequest request) {
    return before("beforeLogin", "_User", user.getString("objectId"), user, request.context().copy(), request);
  }

  public void afterLogin(JsonObject user, ParseRequest request) {
    after("afterLogin", "_User", user.getString("objectId"), user, null, request.context().copy(), request);
  }

  public void afterLogout(String userId, ParseRequest request) {
    after("afterLogout", "_User", userId, null, null, request.context().copy(), request);
  }

  /** A trigger that may refuse (beforeDelete, beforeLogin): a webhook's or a module's. */
  private Future<Void> before(String kind, String className, String objectId, JsonObject object, JsonObject context,
                              ParseRequest request) {
    return hooks.triggerUrl(className, kind).compose(url -> {
      if (url == null && !directory.has(kind + "." + className)) {
        return Future.succeededFuture();
      }
      return callers.of(request).compose(caller -> {
        JsonObject call = objectCall(caller, objectId, withId(TriggerObjects.shown(className, object), objectId), null, context);
        return url != null ? webhooks.call(url, kind + " " + className, hookCall(kind, className, call)).<Void>mapEmpty()
            : ask(kind + "." + className, call, className).map(reply -> {
              mergeContext(context, reply);
              return (Void) null;
            });
      });
    });
  }

  /**
   * Tells afterSave of a save, showing it the object as saved: the original with the saved body applied, and
   * what the save answered (its id and dates, the results of operations).
   *
   * @param original the stored object before (null for a create)
   * @param saved the body saved (as beforeSave left it)
   */
  public void afterSave(String className, String objectId, JsonObject original, JsonObject saved, JsonObject answer,
                        JsonObject context, ParseRequest request) {
    after("afterSave", className, objectId, TriggerObjects.applied(original, saved).mergeIn(answer), original, context, request);
  }

  /** Tells afterDelete of a delete; object is the stored object deleted (null when the caller read none). */
  public void afterDelete(String className, String objectId, JsonObject object, JsonObject context, ParseRequest request) {
    after("afterDelete", className, objectId, object, null, context, request);
  }

  /** Tells an after* trigger, webhook or module; what it answers changes nothing. */
  private void after(String kind, String className, String objectId, JsonObject object, JsonObject original, JsonObject context,
                     ParseRequest request) {
    hooks.triggerUrl(className, kind).onSuccess(url -> {
      if (url == null && !directory.has(kind + "." + className)) {
        return;
      }
      callers.of(request).onSuccess(caller -> {
        JsonObject call = objectCall(caller, objectId, withId(TriggerObjects.shown(className, object), objectId),
            TriggerObjects.shown(className, original), context);
        if (url != null) {
          webhooks.call(url, kind + " " + className, hookCall(kind, className, call))
              .onFailure(failure -> LOG.info("webhook {} {} failed: {}", kind, className, failure.getMessage()));
        } else {
          tell(kind + "." + className, call);
        }
      }).onFailure(failure -> LOG.info("{} {} not told: {}", kind, className, failure.getMessage()));
    });
  }

  private static JsonObject withId(JsonObject object, String objectId) {
    if (object == null || objectId == null || objectId.equals(object.getString("objectId"))) {
      return object;
    }
    return object.copy().put("objectId", objectId);
  }

  private static JsonObject objectCall(JsonObject caller, String objectId, JsonObject object, JsonObject original, JsonObject context) {
    return caller.put("objectId", objectId).put("object", object).put("original", original).put("context", context);
  }

  /** What a before* trigger put in the context, for its after* trigger (Parse Server's Object.assign). */
  private static void mergeContext(JsonObject context, JsonObject reply) {
    if (reply != null && reply.getJsonObject("context") != null) {
      context.mergeIn(reply.getJsonObject("context"));
    }
  }

  /**
   * Parse's webhook payload for a trigger: its name, the object and the original each with its class (and
   * the object's id), the whole user, the master key, installation, address, headers and the context.
   */
  private static JsonObject hookCall(String kind, String className, JsonObject call) {
    JsonObject payload = CloudCallers.forHook(call);
    payload.remove("objectId");
    JsonObject object = call.getJsonObject("object") == null ? new JsonObject() : call.getJsonObject("object").copy();
    object.put("className", className);
    if (call.getString("objectId") != null) {
      object.put("objectId", call.getString("objectId"));
    }
    payload.put("object", object).put("triggerName", kind);
    if (call.getJsonObject("original") != null) {
      payload.put("original", call.getJsonObject("original").copy().put("className", className));
    } else {
      payload.remove("original");
    }
    return payload;
  }

  /**
   * The name to store an upload under: the client's, or the one a beforeSaveFile trigger chose. A
   * webhook (beforeSave of "@File") renames it by answering a file ({"name": …}); Parse Server ignores
   * its answer.
   */
  public Future<String> beforeSaveFile(String name, String contentType, long size, ParseRequest request) {
    return hooks.triggerUrl(FILE_CLASS, "beforeSave").compose(url -> url != null
        ? callers.of(request).compose(caller -> webhooks.call(url, "beforeSave " + FILE_CLASS,
                fileHookCall("beforeSave", caller, name, contentType, size, null)))
            .map(success -> success instanceof JsonObject file && file.getValue("name") instanceof String renamed
                && !renamed.isBlank() ? renamed : name)
        : askAs("beforeSaveFile", request, caller -> fileCall(caller, name, contentType, size, null), "files")
            .map(reply -> reply == null || reply.getString("name") == null ? name : reply.getString("name")));
  }

  public void afterSaveFile(String name, String contentType, long size, String url, ParseRequest request) {
    afterFile("afterSave", "afterSaveFile", request, caller -> fileCall(caller, name, contentType, size, url),
        caller -> fileHookCall("afterSave", caller, name, contentType, size, url));
  }

  public Future<Void> beforeDeleteFile(String name, ParseRequest request) {
    return hooks.triggerUrl(FILE_CLASS, "beforeDelete").compose(url -> url != null
        ? callers.of(request).compose(caller -> webhooks.call(url, "beforeDelete " + FILE_CLASS,
            fileHookCall("beforeDelete", caller, name, null, -1, null))).mapEmpty()
        : askAs("beforeDeleteFile", request, caller -> fileCall(caller, name, null, -1, null), "files").mapEmpty());
  }

  public void afterDeleteFile(String name, ParseRequest request) {
    afterFile("afterDelete", "afterDeleteFile", request, caller -> fileCall(caller, name, null, -1, null),
        caller -> fileHookCall("afterDelete", caller, name, null, -1, null));
  }

  /** Tells an after* file trigger, webhook ("@File") or module; what it answers changes nothing. */
  private void afterFile(String hookKind, String trigger, ParseRequest request, Function<JsonObject, JsonObject> call,
                         Function<JsonObject, JsonObject> hookCall) {
    hooks.triggerUrl(FILE_CLASS, hookKind).onSuccess(url -> {
      if (url != null) {
        callers.of(request).compose(caller -> webhooks.call(url, hookKind + " " + FILE_CLASS, hookCall.apply(caller)))
            .onFailure(failure -> LOG.info("webhook {} {} failed: {}", hookKind, FILE_CLASS, failure.getMessage()));
      } else {
        tellAs(trigger, request, call);
      }
    });
  }

  /** Parse's webhook payload for a file trigger: the file ({__type: File, name, url}), its size and type, and who asks. */
  private static JsonObject fileHookCall(String kind, JsonObject caller, String name, String contentType, long size, String url) {
    JsonObject file = new JsonObject().put("__type", "File").put("name", name);
    if (url != null) {
      file.put("url", url);
    }
    JsonObject call = CloudCallers.forHook(caller).put("triggerName", kind).put("file", file);
    if (size >= 0) {
      call.put("fileSize", size);
    }
    if (contentType != null) {
      call.put("contentType", contentType);
    }
    return call;
  }

  private static JsonObject fileCall(JsonObject caller, String name, String contentType, long size, String url) {
    return caller.put("name", name).put("contentType", contentType).put("size", size).put("url", url);
  }

  /** {@link #ask} with the caller's part of the call made only when some worker runs the trigger. */
  private Future<JsonObject> askAs(String trigger, ParseRequest request, Function<JsonObject, JsonObject> call,
                                   String what) {
    if (!directory.has(trigger)) {
      return Future.succeededFuture();
    }
    return callers.of(request).compose(caller -> ask(trigger, call.apply(caller), what));
  }

  private void tellAs(String trigger, ParseRequest request, Function<JsonObject, JsonObject> call) {
    if (directory.has(trigger)) {
      callers.of(request).onSuccess(caller -> tell(trigger, call.apply(caller)));
    }
  }

  /**
   * Asks a module's trigger, when a worker of the cluster runs it: its answer, or null when none
   * does; its refusal as 141 (or a validator's 142), no answer in time as 124.
   */
  private Future<JsonObject> ask(String trigger, JsonObject call, String what) {
    if (!directory.has(trigger)) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().<JsonObject>request(ADDRESS + trigger, call, timeout).map(reply -> reply.body())
        .recover(failure -> noTrigger(failure) ? Future.succeededFuture() : Future.failedFuture(CloudFailures.refused(
            "A trigger of " + what + " did not answer in time.", failure)));
  }

  /** Tells a module's trigger, when a worker runs it; its answer is not awaited. */
  private void tell(String trigger, JsonObject call) {
    if (directory.has(trigger)) {
      vertx.eventBus().send(ADDRESS + trigger, call);
    }
  }

  private static boolean noTrigger(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
