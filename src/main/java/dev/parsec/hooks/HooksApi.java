package dev.parsec.hooks;

import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * /hooks/functions and /hooks/triggers, with the master key, as Parse Server serves them: list, get,
 * POST to create (143 when one exists), PUT {url} to repoint and PUT {"__op": "Delete"} to remove.
 */
public final class HooksApi {

  /** Parse's error for every hook mistake. */
  private static final int WEBHOOK_ERROR = 143;
  /** The trigger names of Parse Server's hooks. */
  static final Set<String> TRIGGERS = Set.of("beforeSave", "afterSave", "beforeDelete", "afterDelete", "beforeLogin",
      "afterLogin", "afterLogout", "beforeFind", "afterFind", "beforeConnect", "beforeSubscribe", "afterEvent");
  /** Parse's class names of files and of LiveQuery connections, and the triggers each takes. */

  private final HookStore store;

  public HooksApi(HookStore store) {
    this.store = store;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/hooks/functions", request -> master(request).compose(r -> store.list(true)).map(Reply::ok))
        .on(Method.GET, "/hooks/triggers", request -> master(request).compose(r -> store.list(false)).map(Reply::ok))
        .on(Method.GET, "/hooks/functions/:functionName", request -> master(request)
            .compose(r -> found(store.find(r.path("functionName"), null, null), noFunction(r))))
        .on(Method.GET, "/hooks/triggers/:className/:triggerName", request -> master(request)
            .compose(r -> found(store.find(null, r.path("className"), r.path("triggerName")), noClass(r.path("className")))))
        .on(Method.POST, "/hooks/functions", request -> master(request).compose(this::create))
        .on(Method.POST, "/hooks/triggers", request -> master(request).compose(this::create))
        .on(Method.PUT, "/hooks/functions/:functionName", request -> master(request).compose(r -> put(r,
            new JsonObject().put("functionName", r.path("functionName")), noFunction(r))))
        .on(Method.PUT, "/hooks/triggers/:className/:triggerName", request -> master(request).compose(r -> put(r,
            new JsonObject().put("className", r.path("className")).put("triggerName", r.path("triggerName")),
            noClass(r.path("className")))));
  }

  private Future<Reply> create(ParseRequest request) {
    JsonObject hook = declaration(request.body());
    String functionName = hook.getString("functionName");
    return store.create(functionName, hook.getString("className"), hook.getString("triggerName"), hook.getString("url"))
        .map(created -> {
          if (!created) {
            throw new ParseException(WEBHOOK_ERROR, functionName != null ? "function name: " + functionName + " already exists"
                : "class " + hook.getString("className") + " already has trigger " + hook.getString("triggerName"));
          }
          return Reply.ok(hook);
        });
  }

  private Future<Reply> put(ParseRequest request, JsonObject target, String missing) {
    String functionName = target.getString("functionName");
    String className = target.getString("className");
    String triggerName = target.getString("triggerName");
    if ("Delete".equals(request.body().getString("__op"))) {
      return store.delete(functionName, className, triggerName).map(deleted -> Reply.ok(new JsonObject()));
    }
    JsonObject hook = declaration(target.copy().put("url", request.body().getValue("url")));
    return store.update(functionName, className, triggerName, hook.getString("url")).map(updated -> {
      if (!updated) {
        throw new ParseException(WEBHOOK_ERROR, missing);
      }
      return Reply.ok(hook);
    });
  }

  /** The hook a body declares: a function name or a class and a trigger Parsec runs, and an http(s) URL. */
  private static JsonObject declaration(JsonObject body) {
    Object url = body.getValue("url");
    Object functionName = body.getValue("functionName");
    Object className = body.getValue("className");
    Object triggerName = body.getValue("triggerName");
    boolean validUrl = url instanceof String text && text.matches("https?://\\S+");
    if (validUrl && functionName instanceof String name && !name.isBlank()) {
      return new JsonObject().put("functionName", name).put("url", url);
    }
    if (validUrl && className instanceof String type && !type.isBlank() && triggerName instanceof String trigger
        && TRIGGERS.contains(trigger) && HookStore.fits(type, trigger)) {
      return new JsonObject().put("className", type).put("triggerName", trigger).put("url", url);
    }
    throw new ParseException(WEBHOOK_ERROR, "invalid hook declaration");
  }

  private static Future<Reply> found(Future<JsonObject> hook, String missing) {
    return hook.map(found -> {
      if (found == null) {
        throw new ParseException(WEBHOOK_ERROR, missing);
      }
      return Reply.ok(found);
    });
  }

  private static String noFunction(ParseRequest request) {
    return "no function named: " + request.path("functionName") + " is defined";
  }

  private static String noClass(String className) {
    return "class " + className + " does not exist";
  }

  private static Future<ParseRequest> master(ParseRequest request) {
    return request.master() ? Future.succeededFuture(request) : Future.failedFuture(ParseException.masterKeyRequired());
  }
}
