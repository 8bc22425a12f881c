package dev.parsec.batch;

import dev.parsec.db.Transaction;
import dev.parsec.error.ParseException;
import dev.parsec.objects.ObjectsApi;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * POST /batch: many API calls in one request, each answered {"success": ...} or {"error": ...}.
 * With "transaction": true they run one after another in one PostgreSQL transaction and either all
 * apply or none does; the classes and fields they need are created first, outside it.
 */
public final class BatchApi {

  private final ApiRoutes routes;
  private final ObjectsApi objects;
  private final Pool pool;
  private final String mountPath;
  private final int limit;

  public BatchApi(ApiRoutes routes, ObjectsApi objects, Pool pool, String mountPath, int limit) {
    this.routes = routes;
    this.objects = objects;
    this.pool = pool;
    this.mountPath = mountPath;
    this.limit = limit;
  }

  public void addTo(ApiRoutes table) {
    table.on(Method.POST, "/batch", this::batch);
  }

  /** One sub-request, resolved to its route. */
  private record Call(ParseRequest request, ApiRoutes.Action action) {
  }

  private Future<Reply> batch(ParseRequest request) {
    if (!(request.body().getValue("requests") instanceof JsonArray requests)) {
      throw new ParseException(ParseException.INVALID_JSON, "requests must be an array");
    }
    if (requests.size() > limit) {
      throw new ParseException(ParseException.INVALID_JSON,
          "Batch request contains " + requests.size() + " sub-requests, which exceeds the limit of " + limit + ".");
    }
    List<Call> calls = new ArrayList<>();
    for (Object item : requests) {
      calls.add(resolve(request, item));
    }
    if (Boolean.TRUE.equals(request.body().getValue("transaction"))) {
      return inTransaction(request, calls);
    }
    List<Future<JsonObject>> results = new ArrayList<>();
    for (Call call : calls) {
      results.add(outcome(call));
    }
    return Future.join(results).transform(v -> {
      JsonArray answers = new JsonArray();
      results.forEach(result -> answers.add(result.result()));
      return Future.succeededFuture(Reply.ok(answers));
    });
  }

  /** The calls in one transaction: the batch's own, or the one the batch runs in (an idempotent request's). */
  private Future<Reply> inTransaction(ParseRequest batch, List<Call> calls) {
    Future<?> prepared = Future.succeededFuture();
    for (Call call : calls) {
      if (call.request().path("className") != null && call.request().method() != HttpMethod.GET
          && call.request().method() != HttpMethod.DELETE) {
        prepared = prepared.compose(v -> objects.prepare(call.request()));
      }
    }
    return prepared.compose(v -> Transaction.within(pool, batch.transaction(), tx -> {
      Future<JsonArray> answers = Future.succeededFuture(new JsonArray());
      for (Call call : calls) {
        answers = answers.compose(done -> call.action().handle(call.request().with(call.request().method(),
                call.request().body(), call.request().query(), call.request().pathParams(), tx))
            .map(reply -> done.add(new JsonObject().put("success", reply.body()))));
      }
      return answers;
    })).map(answers -> Reply.ok(answers));
  }

  private Future<JsonObject> outcome(Call call) {
    Future<Reply> reply;
    try {
      reply = call.action().handle(call.request());
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    return reply.transform(result -> {
      if (result.succeeded()) {
        return Future.succeededFuture(new JsonObject().put("success", result.result().body()));
      }
      return Future.succeededFuture(new JsonObject().put("error", ParseException.of(result.cause()).toJson()));
    });
  }

  private Call resolve(ParseRequest batch, Object item) {
    if (!(item instanceof JsonObject sub) || !(sub.getValue("path") instanceof String path)) {
      throw new ParseException(ParseException.INVALID_JSON, "batch request path must be a string");
    }
    String method = sub.getString("method", "GET").toUpperCase(Locale.ROOT);
    if (!path.startsWith(mountPath + "/")) {
      throw new ParseException(ParseException.INVALID_JSON, "cannot route batch path " + path);
    }
    String routable = path.substring(mountPath.length());
    int question = routable.indexOf('?');
    if (question >= 0) {
      routable = routable.substring(0, question);
    }
    if (routable.equals("/batch")) {
      throw new ParseException(ParseException.INVALID_JSON, "nested batch requests are not allowed");
    }
    ApiRoutes.Match match = routes.match(method, routable)
        .orElseThrow(() -> new ParseException(ParseException.INVALID_JSON, "cannot route batch path " + path));
    Object body = sub.getValue("body");
    if (body != null && !(body instanceof JsonObject)) {
      throw new ParseException(ParseException.INVALID_JSON, "batch request body must be an object");
    }
    JsonObject params = body == null ? new JsonObject() : ((JsonObject) body).copy();
    HttpMethod httpMethod = HttpMethod.valueOf(method);
    ParseRequest request = batch.with(httpMethod, params, new JsonObject(), match.pathParams(), null);
    return new Call(request, match.action());
  }
}
