package dev.parsec.cloud;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of LiveQuery triggers (beforeConnect, beforeSubscribe, afterEvent), on the clustered
 * event bus as {@link FunctionRunner}'s. An afterEvent call carries one change for many subscribers
 * and is answered with a decision for each: their triggers run on several trigger threads at once, a
 * chunk of subscribers each.
 */
final class LiveQueryRunner {

  static final String CONNECT = "beforeConnect.@Connect";
  /** Subscribers whose afterEvent triggers one worker thread runs in a row. */
  private static final int CHUNK = 256;
  private static final Logger LOG = LoggerFactory.getLogger(LiveQueryRunner.class);

  private LiveQueryRunner() {
  }

  static Future<Void> register(Vertx vertx, Cloud cloud, CloudAnswers runner) {
    List<Future<Void>> registered = new ArrayList<>();
    Cloud.BeforeConnect connect = cloud.beforeConnectTrigger();
    if (connect != null) {
      registered.add(vertx.eventBus().<JsonObject>consumer(Triggers.ADDRESS + CONNECT, message -> runner.answer(
          message, "beforeConnect", () -> {
            connect.run(connection(message.body().getJsonObject("client")));
            return new JsonObject();
          })).completion());
    }
    cloud.beforeSubscribeTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "beforeSubscribe." + className, message -> runner.answer(message,
            "beforeSubscribe " + className, () -> {
              JsonObject call = message.body();
              JsonObject query = trigger.run(new Cloud.SubscribeRequest(className, call.getJsonObject("query"),
                  call.getInteger("requestId", 0), connection(call.getJsonObject("client"))));
              return new JsonObject().put("query", query);
            })).completion()));
    cloud.afterEventTriggers().forEach((className, trigger) -> registered.add(vertx.eventBus().<JsonObject>consumer(
        Triggers.ADDRESS + "afterEvent." + className, message -> afterEvents(runner, className, trigger, message)).completion()));
    return Future.all(registered).mapEmpty();
  }

  static List<String> triggerNames(Cloud cloud) {
    List<String> names = new ArrayList<>();
    if (cloud.beforeConnectTrigger() != null) {
      names.add(CONNECT);
    }
    cloud.beforeSubscribeTriggers().keySet().forEach(className -> names.add("beforeSubscribe." + className));
    cloud.afterEventTriggers().keySet().forEach(className -> names.add("afterEvent." + className));
    return names;
  }

  /**
   * Runs the trigger for every subscriber of a change: {audiences: [{event, object, original,
   * subscribers: [{requestId, client}]}]}, answered {decisions: [[per subscriber]]}: true to send the
   * event as it is, false to send nothing, the object to send instead, or an error message (a String);
   * true for an audience whose subscribers all get the event as it is.
   */
  private static void afterEvents(CloudAnswers runner, String className, Cloud.AfterEvent trigger, Message<JsonObject> message) {
    JsonArray audiences = message.body().getJsonArray("audiences");
    List<Object[]> decisions = new ArrayList<>();
    List<Future<Void>> chunks = new ArrayList<>();
    List<Runnable> chunk = new ArrayList<>();
    for (int a = 0; a < audiences.size(); a++) {
      JsonObject audience = audiences.getJsonObject(a);
      JsonArray subscribers = audience.getJsonArray("subscribers");
      Object[] decided = new Object[subscribers.size()];
      decisions.add(decided);
      for (int s = 0; s < subscribers.size(); s++) {
        JsonObject subscriber = subscribers.getJsonObject(s);
        int index = s;
        chunk.add(() -> decided[index] = decide(className, trigger, audience, subscriber));
        if (chunk.size() == CHUNK) {
          chunks.add(run(runner, List.copyOf(chunk)));
          chunk.clear();
        }
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(run(runner, chunk));
    }
    Future.all(chunks).onComplete(done -> {
      if (done.failed()) {
        message.fail(FunctionRunner.SCRIPT_FAILED, "afterEvent " + className + " failed: " + done.cause());
        return;
      }
      // one line for a change, however many subscribers the trigger failed for
      decisions.stream().flatMap(java.util.Arrays::stream).filter(String.class::isInstance).findFirst().ifPresent(failure ->
          LOG.info("cloud afterEvent {} failed for {} subscriber(s): {}", className, decisions.stream()
              .flatMap(java.util.Arrays::stream).filter(String.class::isInstance).count(), failure));
      JsonArray answer = new JsonArray();
      // an audience whose every event goes out unchanged (the common case) is answered in one word
      decisions.forEach(decided -> answer.add(java.util.Arrays.stream(decided).allMatch(Boolean.TRUE::equals) ? Boolean.TRUE
          : new JsonArray(java.util.Arrays.asList(decided))));
      message.reply(new JsonObject().put("decisions", answer));
    });
  }

  private static Future<Void> run(CloudAnswers runner, List<Runnable> chunk) {
    return runner.run(() -> {
      chunk.forEach(Runnable::run);
      return null;
    });
  }

  private static Object decide(String className, Cloud.AfterEvent trigger, JsonObject audience, JsonObject subscriber) {
    JsonObject object = audience.getJsonObject("object");
    JsonObject original = audience.getJsonObject("original");
    try {
      // copies: a trigger that changes the request's object in place must not change it for the next subscriber
      JsonObject sent = trigger.run(new Cloud.EventRequest(className, audience.getString("event"), object.copy(),
          original == null ? null : original.copy(), subscriber.getInteger("requestId", 0),
          connection(subscriber.getJsonObject("client"))));
      return sent == null ? Boolean.FALSE : sent.equals(object) ? Boolean.TRUE : sent;
    } catch (Exception | LinkageError e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  static Cloud.LiveQueryConnection connection(JsonObject client) {
    return new Cloud.LiveQueryConnection(client.getString("userId"), client.getBoolean("master", false),
        client.getString("installationId"), client.getString("clientId"), client.getString("ip"));
  }
}
