package dev.parsec.cloud;

import dev.parsec.api.ApiRoutes;
import dev.parsec.api.ApiRoutes.Method;
import dev.parsec.api.ParseRequest;
import dev.parsec.api.Reply;
import dev.parsec.error.ParseException;
import dev.parsec.error.Unauthorized;
import dev.parsec.objects.ObjectStore;
import dev.parsec.objects.ObjectsApi;
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

  private static final String INSERT = "INSERT INTO \"_JobStatus\" (\"objectId\", \"createdAt\", \"updatedAt\", \"jobName\","
      + " \"source\", \"status\", \"params\") VALUES ($1, $2, $2, $3, 'api', 'pending', $4)";

  private final Vertx vertx;
  private final Pool pool;
  private final ObjectsApi objects;

  public JobsApi(Vertx vertx, Pool pool, ObjectsApi objects) {
    this.vertx = vertx;
    this.pool = pool;
    this.objects = objects;
  }

  /** Before the generic /classes routes, which would refuse a system class. */
  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/jobs/:name", this::start)
        .on(Method.GET, "/classes/_JobStatus", request -> objects.find(request, "_JobStatus"))
        .on(Method.GET, "/classes/_JobStatus/:objectId", request -> objects.get(request, "_JobStatus"));
  }

  private Future<Reply> start(ParseRequest request) {
    if (!request.master()) {
      throw new Unauthorized("unauthorized: master key is required");
    }
    String name = request.path("name");
    String id = ObjectStore.newObjectId();
    // a job no worker of the cluster has is refused now rather than left waiting
    return vertx.eventBus().request(JobRunner.KNOWN + name, null, new DeliveryOptions().setSendTimeout(5_000))
        .recover(none -> Future.failedFuture(new ParseException(FunctionRunner.SCRIPT_FAILED, "Invalid job.")))
        .compose(known -> pool.preparedQuery(INSERT).execute(Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC), name, request.body())))
        .map(stored -> {
          vertx.eventBus().publish(JobRunner.NEW_JOB, id);
          return new Reply(202, new JsonObject(), null).withHeader("X-Parse-Job-Status-Id", id);
        });
  }
}
