package dev.parsec.batch;

import dev.parsec.db.Transaction;
import dev.parsec.error.ParseException;
import dev.parsec.web.Admission;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * POST /batch: many API calls in one request, each answered {"success": ...} or {"error": ...}, each
 * admitted as the same call made alone would be (query limits, rate limits counted per sub-request), as
 * the batch's caller, its errors answered as the call's own. With "transaction": true they run one after
 * another in one PostgreSQL transaction and either all apply or none does; the classes and fields they need
 * are created first, outside it.
 */
public final class BatchApi {

  private final ApiRoutes routes;
  private final Admission admission;
  private final Writes writes;
  private final Pool pool;
  private final String mountPath;
  private final int limit;

  public BatchApi(ApiRoutes routes, Admission admission, Writes writes, Pool pool, String mountPath, int limit) {
    this.routes = routes;
    this.admission = admission;
    this.writes = writes;
    this.pool = pool;
    this.mountPath = mountPath;
    this.limit = limit;
  }

  public void addTo(ApiRoutes table) {
    table.on(Method.POST, "/batch", this::batch);
  }

  /** One sub-request, resolved to its route: its path below the mount path, the request and the route's action. */
  private record Call(String path, ParseRequest request, ApiRoutes.Action action) {
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
    Future<List<Call>> admitted = Future.succeededFuture(new ArrayList<>());
    for (Call call : calls) {
      admitted = admitted.compose(list -> admit(call).map(ready -> {
        list.add(ready);
        return list;
      }));
    }
    return admitted.compose(ready -> prepare(ready).compose(v -> Transaction.within(pool, batch.transaction(), tx -> {
      Future<JsonArray> answers = Future.succeededFuture(new JsonArray());
      for (Call call : ready) {
        answers = answers.compose(done -> call.action().handle(call.request().with(call.request().method(),
                call.request().body(), call.request().query(), call.request().pathParams(), tx))
            .map(reply -> done.add(new JsonObject().put("success", reply.body()))));
      }
      return answers;
    }))).map(answers -> Reply.ok(answers));
  }

  /** Creates the classes and fields the saves to app classes need, ahead of the transaction. */
  private Future<Void> prepare(List<Call> calls) {
    Future<Void> prepared = Future.succeededFuture();
    for (Call call : calls) {
      ParseRequest request = call.request();
      if (request.path("className") != null && !request.path("className").startsWith("_")
          && (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT)) {
        prepared = prepared.compose(v -> writes.prepare(request, request.path("className"), request.path("objectId"),
            request.body()).mapEmpty());
      }
    }
    return prepared;
  }

  /** The call as admitted alone would be (its limit capped, say); fails with its refusal. */
  private Future<Call> admit(Call call) {
    try {
      return admission.admit(call.request(), call.request().method().name(), call.path())
          .map(admitted -> new Call(call.path(), admitted.request(), call.action()));
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
  }

  private Future<JsonObject> outcome(Call call) {
    return admit(call).compose(admitted -> {
      try {
        return admitted.action().handle(admitted.request());
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }).transform(result -> {
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
    return new Call(routable, request, match.action());
  }
}
