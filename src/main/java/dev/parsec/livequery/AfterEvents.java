package dev.parsec.livequery;

import dev.parsec.cloud.LiveQueryTriggers;
import dev.parsec.error.ParseException;
import dev.parsec.livequery.LiveQueryServer.Prepared;
import dev.parsec.schema.ClassSchema;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of classes with an afterEvent trigger, on one event loop. A change's events are put to
 * the trigger in one call for all of the loop's subscribers (never one per subscriber), as soon as the
 * change comes; they are sent once the answer comes and the change before was sent, so each
 * subscription gets its events in order, and the loop never waits.
 *
 * <p>A trigger that does not answer in time (or fails as a whole) costs its subscribers the event: each
 * is sent an error with its request id instead (124, or 141 with the failure). Sending the event
 * unchanged would skip what the trigger may be there for (taking a field out, keeping an event from
 * some subscribers); the error tells the client it missed one, so it can query again.
 */
final class AfterEvents {

  /** The audiences of one change that have an event, what the trigger decided for them, or why it could not. */
  private record Decided(List<List<Subscription>> audiences, List<Prepared> prepared, JsonArray decisions,
                         ParseException failure) {
  }

  /** Parse's SCRIPT_FAILED, for a trigger that threw. */
  private static final int SCRIPT_FAILED = 141;

  private final LiveQueryTriggers triggers;
  private final FrameWriter frames;
  private final FanOutTurns turns;
  private final ContextInternal context;
  /** Each change's events are sent once the trigger decided, after the change before (not a chain of futures: see InOrder). */
  private final InOrder sending = new InOrder();

  AfterEvents(LiveQueryTriggers triggers, FrameWriter frames, FanOutTurns turns, ContextInternal context) {
    this.triggers = triggers;
    this.frames = frames;
    this.turns = turns;
    this.context = context;
  }

  /**
   * Asks the trigger about a change's events, prepared for each audience of the class, and sends what it
   * decides after the change before.
   */
  void deliver(String className, ClassSchema schema, List<List<Subscription>> audiences, List<Future<Prepared>> prepared) {
    Future<Decided> decided = Future.join(prepared).transform(done -> {
      List<List<Subscription>> asked = new ArrayList<>();
      List<Prepared> events = new ArrayList<>();
      JsonArray call = new JsonArray();
      for (int a = 0; a < audiences.size(); a++) {
        Prepared event = prepared.get(a).succeeded() ? prepared.get(a).result() : Prepared.NONE;
        if (event.head() == null) {
          continue;
        }
        JsonArray subscribers = new JsonArray();
        for (Subscription subscription : audiences.get(a)) {
          subscribers.add(new JsonObject().put("requestId", subscription.requestId())
              .put("client", LiveQueryTriggers.connection(subscription.access(), subscription.client().id)));
        }
        call.add(new JsonObject().put("event", event.event()).put("object", event.shown()).put("original", event.before())
            .put("subscribers", subscribers));
        asked.add(audiences.get(a));
        events.add(event);
      }
      if (call.isEmpty()) {
        return Future.succeededFuture(new Decided(asked, events, null, null));
      }
      return triggers.afterEvent(className, call).transform(answer -> Future.succeededFuture(answer.succeeded()
          ? new Decided(asked, events, answer.result(), null) : new Decided(asked, events, null, ParseException.of(answer.cause()))));
    });
    sending.add(() -> decided.compose(answer -> send(schema, answer)));
  }

  private Future<Void> send(ClassSchema schema, Decided decided) {
    FanOut fanOut = new FanOut();
    int sent = 0;
    for (int a = 0; a < decided.audiences().size(); a++) {
      List<Subscription> audience = decided.audiences().get(a);
      Prepared event = decided.prepared().get(a);
      // null, or true for the whole audience: every event as it is
      JsonArray decisions = decided.decisions() == null || !(decided.decisions().getValue(a) instanceof JsonArray each) ? null : each;
      List<Subscription> unchanged = new ArrayList<>();
      for (int s = 0; s < audience.size(); s++) {
        Subscription subscription = audience.get(s);
        if (!subscription.client().subscriptions.containsKey(subscription.requestId())) {
          continue; // unsubscribed while the trigger was asked
        }
        Object decision = decided.failure() != null ? decided.failure() : decisions == null ? Boolean.TRUE : decisions.getValue(s);
        if (Boolean.TRUE.equals(decision)) {
          unchanged.add(subscription);
        } else if (decision instanceof JsonObject object) {
          fanOut.add(List.of(subscription), LiveQueryServer.head(subscription, schema, event.event(), object, event.before()));
          sent++;
        } else if (decision instanceof ParseException failure) {
          subscription.client().error(failure, subscription.requestId());
        } else if (decision instanceof String message) {
          subscription.client().error(SCRIPT_FAILED, message, false, subscription.requestId());
        }
      }
      if (!unchanged.isEmpty()) {
        fanOut.add(unchanged, event.head());
        sent += unchanged.size();
      }
    }
    if (sent < LiveQueryServer.TURN_SUBSCRIPTIONS) {
      return fanOut.run(context, frames);
    }
    return turns.take(context).compose(turn -> fanOut.run(context, frames)).andThen(done -> turns.end());
  }
}
