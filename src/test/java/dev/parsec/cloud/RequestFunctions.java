package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test module for whole requests and validators (CloudRequestsTest): a function that answers what it was
 * given, triggers of the class Scored that note what they saw, and functions and triggers behind validators.
 */
public final class RequestFunctions implements CloudCode {

  /** What the Scored triggers saw, by "triggerName tag". */
  public static final Map<String, JsonObject> SEEN = new ConcurrentHashMap<>();

  @Override
  public void define(Cloud cloud) {
    cloud.define("echoRequest", request -> new JsonObject().put("params", request.params()).put("user", request.user())
        .put("userId", request.userId()).put("master", request.master()).put("installationId", request.installationId())
        .put("ip", request.ip()).put("headers", request.headers()).put("functionName", request.functionName())
        .put("context", request.context()).put("log", request.log().getName()));
    // what a Scored trigger saw, for the JS SDK suite (compat/test/config.test.mjs), which has no other way to know
    cloud.define("seenByTrigger", request -> SEEN.get(request.params().getString("key")));
    cloud.beforeSave("Scored", request -> {
      SEEN.put("beforeSave " + request.object().getString("tag"), seen(request));
      request.context().put("fromBeforeSave", true);
      JsonObject object = request.object().copy();
      object.remove("scratch"); // removed: not written
      if (object.getBoolean("clear", false)) {
        object.putNull("note"); // null: deleted
        object.remove("clear");
      }
      if (object.getValue("title") instanceof String title) {
        object.put("titleUpper", title.toUpperCase(java.util.Locale.ROOT));
      }
      return object;
    }).afterSave("Scored", request -> SEEN.put("afterSave " + request.object().getString("tag"), seen(request)))
        .beforeDelete("Scored", request -> {
          SEEN.put("beforeDelete " + request.object().getString("tag"), seen(request));
          request.context().put("fromBeforeDelete", true);
        })
        .afterDelete("Scored", request -> SEEN.put("afterDelete " + request.object().getString("tag"), seen(request)));

    cloud.beforeFind("Watched", request -> {
      SEEN.put("beforeFind " + request.query().getJsonObject("where", new JsonObject()).getString("tag"), new JsonObject()
          .put("user", request.user()).put("ip", request.ip()).put("headers", request.headers())
          .put("triggerName", request.triggerName()).put("log", request.log().getName()));
      return null;
    });
    cloud.define("needsUser", request -> "hello " + request.user().getString("username"), Validator.create().requireUser())
        .define("needsMaster", request -> "master", Validator.create().requireMaster())
        .define("needsAdmin", request -> "admin", Validator.create().requireAnyUserRoles("Admin", "Owner"))
        .define("needsBoth", request -> "both", Validator.create().requireAllUserRoles("Admin", "Owner"))
        .define("needsColor", request -> "colored", Validator.create().requireUserKeys("favoriteColor"))
        .define("scoreGame", request -> request.params(), Validator.create()
            .field("score", Validator.Field.of(Validator.Type.NUMBER).required()
                .options(value -> ((Number) value).intValue() <= 10))
            .field("mode", Validator.Field.of(Validator.Type.STRING).defaultValue("easy").options("easy", "hard"))
            .field("player", Validator.Field.of(Validator.Type.STRING).options(value -> !value.equals("cheater"))
                .error("no cheaters")))
        .define("limited", request -> "ok", Validator.create().rateLimit(3, Duration.ofMinutes(1)));
    cloud.beforeSave("Guarded", request -> null, Validator.create().requireUser()
        .field("status", Validator.Field.of(Validator.Type.STRING).defaultValue("new").constant())
        .field("level", Validator.Field.of(Validator.Type.NUMBER).defaultValue(1)));
  }

  /** Waits, if need be, until "limited"'s minute window has seconds to go, so that a test's calls fall in one window. */
  public static void awaitWindowStart() throws InterruptedException {
    long intoWindow = System.currentTimeMillis() % 60_000;
    if (intoWindow > 50_000) {
      Thread.sleep(60_000 - intoWindow + 50);
    }
  }

  private static JsonObject seen(Cloud.TriggerRequest request) {
    return new JsonObject().put("objectId", request.objectId()).put("object", request.object()).put("original", request.original())
        .put("user", request.user()).put("master", request.master()).put("installationId", request.installationId())
        .put("ip", request.ip()).put("headers", request.headers()).put("context", request.context().copy())
        .put("triggerName", request.triggerName()).put("log", request.log().getName());
  }
}
