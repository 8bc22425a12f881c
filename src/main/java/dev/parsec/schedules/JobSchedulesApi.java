package dev.parsec.schedules;

import dev.parsec.cloud.JobsApi;
import dev.parsec.error.ParseException;
import dev.parsec.reads.Reads;
import dev.parsec.schema.ClassSchema;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Parse Dashboard's scheduled jobs, /cloud_code/jobs, as Parse Server's CloudCodeRouter answers them (master
 * key only): the _JobSchedule objects, read and written through the read and write paths. Unlike Parse
 * Server, which only stores them, Parsec runs them: each node's scheduler starts every slot once in the
 * cluster (see dev.parsec.cloud.StoredSchedule).
 */
public final class JobSchedulesApi {

  public static final String CLASS = "_JobSchedule";
  /** _JobSchedule's fields, as Parse Server defines them; no _SCHEMA row, as with Parse Server. */
  public static final Map<String, ClassSchema> DECLARED = Map.of(CLASS, ClassSchema.fromJson(new JsonObject()
      .put("className", CLASS)
      .put("fields", fields("objectId", "String", "createdAt", "Date", "updatedAt", "Date", "ACL", "ACL",
          "jobName", "String", "description", "String", "params", "String", "startAfter", "String",
          "daysOfWeek", "Array", "timeOfDay", "String", "lastRun", "Number", "repeatMinutes", "Number"))
      .put("classLevelPermissions", new JsonObject())));

  private static final int ALL = 10_000;

  private final Vertx vertx;
  private final Reads reads;
  private final Writes writes;
  private final String serverUrl;

  public JobSchedulesApi(Vertx vertx, Reads reads, Writes writes, String serverUrl) {
    this.vertx = vertx;
    this.reads = reads;
    this.writes = writes;
    this.serverUrl = serverUrl;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/cloud_code/jobs", request -> all(request.requireMaster()).map(Reply::ok))
        .on(Method.GET, "/cloud_code/jobs/data", this::data)
        .on(Method.POST, "/cloud_code/jobs", this::create)
        .on(Method.PUT, "/cloud_code/jobs/:objectId", this::update)
        .on(Method.DELETE, "/cloud_code/jobs/:objectId", this::delete)
        // as any class, for the master key (the generic /classes routes refuse system classes)
        .on(Method.GET, "/classes/" + CLASS, request -> reads.find(request, CLASS).map(Reply::ok))
        .on(Method.GET, "/classes/" + CLASS + "/:objectId", request -> reads.get(request, CLASS, request.path("objectId")).map(Reply::ok));
  }

  /** The scheduled jobs and, as Parse Server answers, the jobs of the cluster's cloud code and the scheduled jobs' names. */
  private Future<Reply> data(ParseRequest request) {
    return all(request.requireMaster()).map(schedules -> {
      JsonArray inUse = new JsonArray();
      schedules.forEach(schedule -> inUse.add(((JsonObject) schedule).getValue("jobName")));
      return Reply.ok(new JsonObject().put("in_use", inUse).put("jobs", new JsonArray(JobsApi.names(vertx))));
    });
  }

  private Future<Reply> create(ParseRequest request) {
    JsonObject schedule = ScheduleBody.of(request.requireMaster().body(), true);
    return deployed(schedule)
        .compose(v -> writes.save(request, CLASS, null, schedule))
        .map(created -> {
          JobsApi.schedulesChanged(vertx);
          return Reply.created(created, serverUrl + "/classes/" + CLASS + "/" + created.getString("objectId"));
        });
  }

  /** As Parse Server answers an edit: {"response": {"updatedAt": ...}}. */
  private Future<Reply> update(ParseRequest request) {
    JsonObject schedule = ScheduleBody.of(request.requireMaster().body(), false);
    return deployed(schedule)
        .compose(v -> writes.save(request, CLASS, request.path("objectId"), schedule))
        .map(updated -> {
          JobsApi.schedulesChanged(vertx);
          return Reply.ok(new JsonObject().put("response", updated));
        });
  }

  private Future<Reply> delete(ParseRequest request) {
    return writes.delete(request.requireMaster(), CLASS, request.path("objectId")).map(v -> {
      JobsApi.schedulesChanged(vertx);
      return Reply.ok(new JsonObject());
    });
  }

  /** Every schedule (Parse Server's find here has no limit; this one's is far above any app's schedules). */
  private Future<JsonArray> all(ParseRequest request) {
    return reads.find(request.withParams(new JsonObject().put("limit", ALL)), CLASS).map(found -> found.getJsonArray("results"));
  }

  /** A schedule may name only a job some node has (Parse Server's check and error). */
  private Future<Void> deployed(JsonObject schedule) {
    String job = schedule.getString("jobName");
    return job == null ? Future.succeededFuture() : JobsApi.deployed(vertx, job,
        new ParseException(ParseException.INTERNAL_SERVER_ERROR, "Cannot Schedule a job that is not deployed"));
  }


  static JsonObject fields(String... namesAndTypes) {
    JsonObject fields = new JsonObject();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      fields.put(namesAndTypes[i], new JsonObject().put("type", namesAndTypes[i + 1]));
    }
    return fields;
  }
}
