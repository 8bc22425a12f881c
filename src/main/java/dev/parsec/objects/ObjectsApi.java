package dev.parsec.objects;

import dev.parsec.error.ParseException;
import dev.parsec.reads.Reads;
import dev.parsec.schema.Names;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ApiRoutes.RecordingAction;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** /classes: create, get, update, delete and find objects of an app's classes, through the one read and write paths. */
public final class ObjectsApi {

  private final Reads reads;
  private final Writes writes;
  private final String serverUrl;

  public ObjectsApi(Reads reads, Writes writes, String serverUrl) {
    this.reads = reads;
    this.writes = writes;
    this.serverUrl = serverUrl;
  }

  public void addTo(ApiRoutes routes) {
    // jobs' and pushes' statuses, which clients may not read (system classes: the master key's only),
    // before the generic routes, which refuse system classes
    routes.on(Method.GET, "/classes/_JobStatus", request -> find(request, "_JobStatus"))
        .on(Method.GET, "/classes/_JobStatus/:objectId", request -> get(request, "_JobStatus"))
        .on(Method.GET, "/classes/_PushStatus", request -> find(request, "_PushStatus"))
        .on(Method.GET, "/classes/_PushStatus/:objectId", request -> get(request, "_PushStatus"))
        .on(Method.DELETE, "/classes/_PushStatus/:objectId", request -> delete(request, "_PushStatus"));
    routes.on(Method.POST, "/classes/:className", RecordingAction.of(r -> create(r, className(r)),
            r -> writes.savesInOneStatement(className(r), r.body(), true)))
        .on(Method.GET, "/classes/:className", r -> find(r, className(r)))
        .on(Method.GET, "/classes/:className/:objectId", r -> get(r, className(r)))
        .on(Method.PUT, "/classes/:className/:objectId", RecordingAction.of(r -> update(r, className(r)),
            r -> writes.savesInOneStatement(className(r), r.body(), false)))
        .on(Method.DELETE, "/classes/:className/:objectId", RecordingAction.of(r -> delete(r, className(r)),
            r -> writes.deletesInOneStatement(className(r))));
  }

  /** POST: 201 with the new object's objectId and createdAt, and its URL as Location. */
  public Future<Reply> create(ParseRequest request, String className) {
    return writes.save(request, className, null, request.body()).map(created ->
        Reply.created(created, serverUrl + "/classes/" + className + "/" + created.getString("objectId")));
  }

  public Future<Reply> get(ParseRequest request, String className) {
    return reads.get(request, className, request.path("objectId")).map(Reply::ok);
  }

  public Future<Reply> find(ParseRequest request, String className) {
    return reads.find(request, className).map(Reply::ok);
  }

  public Future<Reply> update(ParseRequest request, String className) {
    return writes.save(request, className, request.path("objectId"), request.body()).map(Reply::ok);
  }

  public Future<Reply> delete(ParseRequest request, String className) {
    return writes.delete(request, className, request.path("objectId")).map(v -> Reply.ok(new JsonObject()));
  }

  /** The class a /classes route names: an app's class; system classes are served by their own routes. */
  public static String className(ParseRequest request) {
    String className = Names.checkClass(request.path("className"));
    if (className.startsWith("_")) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN,
          "Class " + className + " is served by its own routes, not /classes");
    }
    return className;
  }
}
