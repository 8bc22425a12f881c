package dev.parsec.logs;

import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /scriptlog (master key), as Parse Server's LogsRouter answers it: the recent log lines ([{message,
 * level, timestamp}], newest first unless order=asc), here of every node of the cluster: each node is asked
 * for its lines over the event bus, a node that does not answer within the timeout is left out, and the
 * answers are merged by time.
 */
public final class LogsApi {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Vertx vertx;

  public LogsApi(Vertx vertx) {
    this.vertx = vertx;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/scriptlog", this::lines);
  }

  private Future<Reply> lines(ParseRequest request) {
    request.requireMaster();
    LogQuery query = LogQuery.of(request.query(), System.currentTimeMillis());
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT.toMillis());
    List<Future<JsonArray>> answers = new ArrayList<>();
    for (String node : NodeLogs.addresses(vertx)) {
      answers.add(vertx.eventBus().<JsonObject>request(node, query.toJson(), options)
          .map(Message::body).map(body -> body.getJsonArray("lines"))
          .otherwise(new JsonArray())); // a node that does not answer is left out
    }
    return Future.join(answers).map(all -> {
      // nodes that share a process answer its lines each: one of each is kept
      Map<String, LogLine> lines = new LinkedHashMap<>();
      for (Future<JsonArray> answer : answers) {
        answer.result().forEach(wire -> {
          LogLine line = LogLine.fromWire((JsonObject) wire);
          lines.putIfAbsent(line.id(), line);
        });
      }
      JsonArray answered = new JsonArray();
      query.pick(new ArrayList<>(lines.values())).forEach(line -> answered.add(line.toJson()));
      return Reply.ok(answered);
    });
  }
}
