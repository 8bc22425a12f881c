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

/**
 * POST /jobs/{name} with the master key: the job becomes a _JobStatus row (pending) and only then
 * does the caller hear 202, with X-Parse-Job-Status-Id; a worker of any node runs it. Its status,
 * message and result are read from /classes/_JobStatus with the master key.
 */
public final class JobsApi {

  private final Vertx vertx;
  private final Pool pool;

  public JobsApi(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/jobs/:name", this::start);
  }

  private Future<Reply> start(ParseRequest request) {
    if (!request.master()) {
      throw ParseException.unauthorized("unauthorized: master key is required");
    }
    String name = request.path("name");
    String id = ObjectIds.next();
    // a job no worker of the cluster has is refused now rather than left waiting
    return vertx.eventBus().request(JobRunner.KNOWN + name, null, new DeliveryOptions().setSendTimeout(5_000))
        .recover(none -> Future.failedFuture(new ParseException(FunctionRunner.SCRIPT_FAILED, "Invalid job.")))
        .compose(known -> pool.preparedQuery(JobSql.INSERT_API).execute(Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC), name, request.body())))
        .map(stored -> {
          vertx.eventBus().publish(JobRunner.NEW_JOB, id);
          return new Reply(202, new JsonObject(), null).withHeader("X-Parse-Job-Status-Id", id);
        });
  }
}
