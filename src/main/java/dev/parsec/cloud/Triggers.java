package dev.parsec.cloud;

import dev.parsec.api.ParseRequest;
import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The API side of triggers: a save or delete of an object asks the worker of any node that has a
 * trigger for the class, over the clustered event bus. A class without triggers costs a lookup in
 * the event bus's handler registry, no call. beforeSave may change the object or refuse the save,
 * beforeDelete may refuse the delete (141 with the trigger's message); afterSave and afterDelete are
 * told once the write committed, and their failure fails nothing.
 */
public final class Triggers {

  static final String ADDRESS = "parsec.cloud.trigger.";

  private final Vertx vertx;
  private final DeliveryOptions timeout;

  public Triggers(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = new DeliveryOptions().setSendTimeout(timeout.toMillis());
  }

  /** The object to save: as given, or as a beforeSave trigger changed it. */
  public Future<JsonObject> beforeSave(String className, String objectId, JsonObject object, ParseRequest request) {
    return vertx.eventBus().<JsonObject>request(ADDRESS + "beforeSave." + className, call(objectId, object, request), timeout)
        .map(reply -> reply.body().getJsonObject("object"))
        .recover(failure -> noTrigger(failure) ? Future.succeededFuture(object) : Future.failedFuture(refused(className, failure)));
  }

  public Future<Void> beforeDelete(String className, String objectId, ParseRequest request) {
    return vertx.eventBus().request(ADDRESS + "beforeDelete." + className, call(objectId, null, request), timeout)
        .<Void>mapEmpty()
        .recover(failure -> noTrigger(failure) ? Future.succeededFuture() : Future.failedFuture(refused(className, failure)));
  }

  public void afterSave(String className, String objectId, JsonObject object, ParseRequest request) {
    vertx.eventBus().send(ADDRESS + "afterSave." + className, call(objectId, object, request));
  }

  public void afterDelete(String className, String objectId, ParseRequest request) {
    vertx.eventBus().send(ADDRESS + "afterDelete." + className, call(objectId, null, request));
  }

  /** The name to store an upload under: the client's, or the one a beforeSaveFile trigger chose. */
  public Future<String> beforeSaveFile(String name, String contentType, long size, ParseRequest request) {
    return vertx.eventBus().<JsonObject>request(ADDRESS + "beforeSaveFile", fileCall(name, contentType, size, null, request), timeout)
        .map(reply -> reply.body().getString("name") == null ? name : reply.body().getString("name"))
        .recover(failure -> noTrigger(failure) ? Future.succeededFuture(name) : Future.failedFuture(refused("files", failure)));
  }

  public void afterSaveFile(String name, String contentType, long size, String url, ParseRequest request) {
    vertx.eventBus().send(ADDRESS + "afterSaveFile", fileCall(name, contentType, size, url, request));
  }

  public Future<Void> beforeDeleteFile(String name, ParseRequest request) {
    return vertx.eventBus().request(ADDRESS + "beforeDeleteFile", fileCall(name, null, -1, null, request), timeout)
        .<Void>mapEmpty()
        .recover(failure -> noTrigger(failure) ? Future.succeededFuture() : Future.failedFuture(refused("files", failure)));
  }

  public void afterDeleteFile(String name, ParseRequest request) {
    vertx.eventBus().send(ADDRESS + "afterDeleteFile", fileCall(name, null, -1, null, request));
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
