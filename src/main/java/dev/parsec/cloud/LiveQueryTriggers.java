package dev.parsec.cloud;

import dev.parsec.access.Access;
import dev.parsec.hooks.HookStore;
import dev.parsec.hooks.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The API side of LiveQuery triggers: beforeConnect, beforeSubscribe and afterEvent, each a webhook's
 * (Parse Hooks, which take precedence) or a module's, asked on a worker of any node over the event bus.
 * Where there is none it costs two lookups in this node's memory and no call. A trigger that does not
 * answer in time refuses (124); one that throws refuses with its message (141).
 */
public final class LiveQueryTriggers {

  /** Parse's class name for connection triggers. */
  private static final String CONNECT_CLASS = "@Connect";

  private final Vertx vertx;
  private final DeliveryOptions timeout;
  private final HookStore hooks;
  private final Webhooks webhooks;
  private final TriggerDirectory directory;
  private final CloudCallers callers;

  public LiveQueryTriggers(Vertx vertx, Duration timeout, HookStore hooks, Webhooks webhooks, CloudCallers callers) {
    this.callers = callers;
    this.vertx = vertx;
    this.timeout = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    this.hooks = hooks;
    this.webhooks = webhooks;
    this.directory = TriggerDirectory.of(vertx);
  }

  /** A connection or subscription as the triggers are told of it: who it is, its connection's id and address. */
  public static JsonObject connection(Access access, String clientId) {
    return new JsonObject().put("userId", access.userId()).put("master", access.master())
        .put("installationId", access.installationId()).put("clientId", clientId).put("ip", access.address());
  }

  /** Completes when the connection may go on; fails with the refusal to send it. */
  public Future<Void> beforeConnect(JsonObject connection) {
    return hooks.triggerUrl(CONNECT_CLASS, "beforeConnect").compose(url -> url != null
        ? hookCall("beforeConnect", connection)
            .compose(call -> webhooks.call(url, "beforeConnect", call.put("event", "connect"))).mapEmpty()
        : ask(LiveQueryRunner.CONNECT, new JsonObject().put("client", connection), "beforeConnect").mapEmpty());
  }

  /**
   * The query to subscribe with: the one given (the same instance), or the one a beforeSubscribe trigger
   * narrowed it to; fails with the refusal to send the subscriber.
   */
  public Future<JsonObject> beforeSubscribe(String className, JsonObject query, int requestId, JsonObject connection) {
    String what = "beforeSubscribe " + className;
    return hooks.triggerUrl(className, "beforeSubscribe").compose(url -> {
      if (url != null) {
        // Parse Server ignores a hook's answer here; a hook that answers a query ({where, keys…}) narrows it
        return hookCall("beforeSubscribe", connection)
            .compose(call -> webhooks.call(url, what, call.put("className", className).put("query", query.copy()).put("requestId", requestId)))
            .map(success -> success instanceof JsonObject narrowed && narrowed.containsKey("where") ? narrowed : query);
      }
      return ask("beforeSubscribe." + className, new JsonObject().put("query", query.copy()).put("requestId", requestId)
          .put("client", connection), what)
          .map(reply -> reply == null || reply.getJsonObject("query") == null ? query : reply.getJsonObject("query"));
    });
  }

  /** Whether the class's events pass through an afterEvent trigger or webhook (most classes have none). */
  public Future<Boolean> watchesEvents(String className) {
    return directory.has("afterEvent." + className) ? Future.succeededFuture(true)
        : hooks.triggerUrl(className, "afterEvent").map(url -> url != null);
  }

  /**
   * The decisions of afterEvent for one change's subscribers, given as {@link LiveQueryRunner}'s call
   * describes them ({event, object, original, subscribers: [{requestId, client}]} per audience): per
   * audience, per subscriber, true to send the event as it is, false to send nothing, the object to send
   * instead, or the error message to send instead (true for an audience: all as they are). Null when no
   * trigger answers (sent as they are). One call for all the subscribers to a module's trigger; one call
   * per subscriber to a webhook, as Parse Server's hooks take them.
   */
  public Future<JsonArray> afterEvent(String className, JsonArray audiences) {
    String what = "afterEvent " + className;
    return hooks.triggerUrl(className, "afterEvent").compose(url -> url != null ? afterEventHook(url, what, className, audiences)
        : ask("afterEvent." + className, new JsonObject().put("audiences", shown(className, audiences)), what)
            .map(reply -> reply == null ? null : reply.getJsonArray("decisions")));
  }

  private Future<JsonArray> afterEventHook(String url, String what, String className, JsonArray audiences) {
    List<Future<JsonArray>> answered = new ArrayList<>();
    for (Object each : audiences) {
      JsonObject audience = (JsonObject) each;
      List<Future<Object>> decisions = new ArrayList<>();
      for (Object subscriber : audience.getJsonArray("subscribers")) {
        Future<JsonObject> call = hookCall("afterEvent", ((JsonObject) subscriber).getJsonObject("client"))
            .map(payload -> payload.put("event", audience.getString("event"))
                .put("requestId", ((JsonObject) subscriber).getInteger("requestId"))
                .put("object", withClass(TriggerObjects.shown(className, audience.getJsonObject("object")), className))
                .put("original", withClass(TriggerObjects.shown(className, audience.getJsonObject("original")), className)));
        // Parse Server's hooks cannot change an event; here a hook answers the object to send, or false to send none
        decisions.add(call.compose(payload -> webhooks.call(url, what, payload))
            .<Object>map(success -> success instanceof JsonObject sent && !sent.isEmpty() ? sent : !Boolean.FALSE.equals(success))
            .recover(failure -> Future.succeededFuture(failure.getMessage())));
      }
      answered.add(Future.all(decisions).map(done -> new JsonArray(decisions.stream().map(Future::result).toList())));
    }
    return Future.all(answered).map(done -> new JsonArray(answered.stream().map(Future::result).toList()));
  }

  /** The audiences' objects as triggers are shown them: a user's without its credentials (TriggerObjects#shown). */
  private static JsonArray shown(String className, JsonArray audiences) {
    if (!"_User".equals(className)) {
      return audiences;
    }
    JsonArray shown = new JsonArray();
    for (Object each : audiences) {
      JsonObject audience = ((JsonObject) each).copy();
      audience.put("object", TriggerObjects.shown(className, audience.getJsonObject("object")));
      audience.put("original", TriggerObjects.shown(className, audience.getJsonObject("original")));
      shown.add(audience);
    }
    return shown;
  }

  private static JsonObject withClass(JsonObject object, String className) {
    return object == null ? null : object.copy().put("className", className);
  }

  /** Parse's webhook payload for a LiveQuery trigger: who the connection is (the whole user). */
  private Future<JsonObject> hookCall(String kind, JsonObject connection) {
    return callers.user(connection.getString("userId")).map(user -> new JsonObject().put("triggerName", kind)
        .put("master", connection.getBoolean("master", false)).put("user", user)
        .put("installationId", connection.getString("installationId"))
        .put("clientId", connection.getString("clientId")).put("ip", connection.getString("ip")));
  }

  /** Asks a module's trigger when a worker runs it: its answer, or null when none does. */
  private Future<JsonObject> ask(String trigger, JsonObject call, String what) {
    if (!directory.has(trigger)) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().<JsonObject>request(Triggers.ADDRESS + trigger, call, timeout).map(reply -> reply.body())
        .recover(failure -> failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
            ? Future.succeededFuture()
            : Future.failedFuture(CloudFailures.refused("The " + what + " trigger did not answer in time.", failure)));
  }
}
