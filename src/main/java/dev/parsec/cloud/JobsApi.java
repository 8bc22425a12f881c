package dev.parsec.cloud;

import dev.parsec.db.ObjectIds;
import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * POST /jobs/{name}, or POST /jobs with jobName in the body (Parse Dashboard's "Run now"), with the master
 * key: the job becomes a _JobStatus row (pending) and only then does the caller hear 202, with
 * X-Parse-Job-Status-Id; a worker of any node runs it. Its params are the body (with the query string),
 * as Parse Server passes them. Its status, message and result are read from /classes/_JobStatus with the
 * master key.
 */
public final class JobsApi {

  private final Vertx vertx;
  private final Pool pool;

  public JobsApi(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/jobs/:name", request -> start(request, request.path("name")))
        .on(Method.POST, "/jobs", request -> start(request, request.body().getValue("jobName") instanceof String name ? name : null));
  }

  /** Fails with the error given unless some worker of the cluster has the job. */
  public static Future<Void> deployed(Vertx vertx, String name, ParseException otherwise) {
    if (name == null) {
      return Future.failedFuture(otherwise);
    }
    return vertx.eventBus().request(JobRunner.KNOWN + name, null, new DeliveryOptions().setSendTimeout(5_000))
        .<Void>mapEmpty().recover(none -> Future.failedFuture(otherwise));
  }

  /** The jobs the cluster's workers have, by name. */
  public static List<String> names(Vertx vertx) {
    return TriggerDirectory.of(vertx).jobs();
  }

  /** Tells every node's scheduler that a _JobSchedule object changed. */
  public static void schedulesChanged(Vertx vertx) {
    vertx.eventBus().publish(JobScheduler.SCHEDULES_CHANGED, null);
  }

  private Future<Reply> start(ParseRequest request, String name) {
    request.requireMaster();
    String id = ObjectIds.next();
    JsonObject params = request.body().copy();
    request.query().forEach(entry -> params.put(entry.getKey(), entry.getValue()));
    // a job no worker of the cluster has is refused now rather than left waiting
    return deployed(vertx, name, new ParseException(FunctionRunner.SCRIPT_FAILED, "Invalid job."))
        .compose(known -> pool.preparedQuery(JobSql.INSERT_API).execute(Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC), name, params)))
        .map(stored -> {
          vertx.eventBus().publish(JobRunner.NEW_JOB, id);
          return new Reply(202, new JsonObject(), null).withHeader("X-Parse-Job-Status-Id", id);
        });
  }
}
