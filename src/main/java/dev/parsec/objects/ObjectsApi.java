package dev.parsec.objects;

import dev.parsec.cache.ObjectCache;
import dev.parsec.cloud.Triggers;
import dev.parsec.error.ParseException;
import dev.parsec.reads.Reads;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.Names;
import dev.parsec.schema.SchemaStore;
import dev.parsec.security.Grant;
import dev.parsec.security.Operation;
import dev.parsec.security.Permissions;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ApiRoutes.RecordingAction;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.RecordedWrite;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/** /classes: create, get, update, delete and find objects of any class. */
public final class ObjectsApi {

  private final SchemaStore schemas;
  private final ObjectStore store;
  private final Pool pool;
  private final String serverUrl;
  private final boolean allowClientClassCreation;
  private final ChangeFeed changes;
  private final Reads reads;

  public ObjectsApi(SchemaStore schemas, ObjectStore store, Pool pool, String serverUrl, boolean allowClientClassCreation,
                    ChangeFeed changes, ObjectCache cache, Triggers triggers, Reads reads) {
    this.cache = cache;
    this.triggers = triggers;
    this.schemas = schemas;
    this.store = store;
    this.pool = pool;
    this.serverUrl = serverUrl;
    this.allowClientClassCreation = allowClientClassCreation;
    this.changes = changes;
    this.reads = reads;
  }

  public void addTo(ApiRoutes routes) {
    // jobs' and pushes' statuses, which clients may not read (system classes: the master key's only),
    // before the generic routes, which refuse system classes
    routes.on(Method.GET, "/classes/_JobStatus", request -> find(request, "_JobStatus"))
        .on(Method.GET, "/classes/_JobStatus/:objectId", request -> get(request, "_JobStatus"))
        .on(Method.GET, "/classes/_PushStatus", request -> find(request, "_PushStatus"))
        .on(Method.GET, "/classes/_PushStatus/:objectId", request -> get(request, "_PushStatus"));
    routes.on(Method.POST, "/classes/:className", RecordingAction.of(r -> create(r, className(r)), r -> savesInOneStatement(r, true)))
        .on(Method.GET, "/classes/:className", r -> find(r, className(r)))
        .on(Method.GET, "/classes/:className/:objectId", r -> get(r, className(r)))
        .on(Method.PUT, "/classes/:className/:objectId", RecordingAction.of(r -> update(r, className(r)), r -> savesInOneStatement(r, false)))
        .on(Method.DELETE, "/classes/:className/:objectId", RecordingAction.of(r -> delete(r, className(r)), this::deleteIsOneStatement));
  }

  /** Creates the classes and fields a write needs, before the write (a batch does this ahead of its transaction). */
  public Future<ClassSchema> prepare(ParseRequest request) {
    String className = className(request);
    boolean create = request.path("objectId") == null;
    WriteBody write = WriteBody.parse(request.body(), create);
    return permitted(request, className, create ? Operation.CREATE : Operation.UPDATE, write)
        .compose(v -> schemas.ensure(className, write.fieldTypes(), request.master() || allowClientClassCreation));
  }

  /** Checks the class-level permissions of a write to a class that may not exist yet (then only its creation rules apply). */
  private Future<Void> permitted(ParseRequest request, String className, Operation operation, WriteBody write) {
    return schemas.find(className).map(existing -> {
      // pointer permissions do not grant creating objects or adding fields
      existing.ifPresent(schema -> permit(request, schema, operation, write));
      return null;
    });
  }

  /** Creates an object of the class; system classes' own routes call this after their own checks. */
  public Future<Reply> create(ParseRequest request, String className) {
    return triggers.beforeSave(className, null, request.body(), request).compose(body -> {
      WriteBody write = WriteBody.parse(body, true);
      return permitted(request, className, Operation.CREATE, write)
          .compose(v -> schemas.ensure(className, write.fieldTypes(), request.master() || allowClientClassCreation))
          .compose(schema -> request.idempotentWrite() != null ? createRecorded(request.idempotentWrite(), schema, write)
              : changes.around(db(request), className, null, "create",
                  db -> store.create(db, schema, write), created -> created.getString("objectId")))
          .onSuccess(created -> triggers.afterSave(className, created.getString("objectId"), body.copy().mergeIn(created), request))
          .map(created -> created(className, created));
    });
  }

  private Reply created(String className, JsonObject created) {
    return Reply.created(created, serverUrl + "/classes/" + className + "/" + created.getString("objectId"));
  }

  /**
   * Whether an idempotent create or update can record its answer in its own statement: a class
   * without LiveQuery events or a beforeSave trigger (a retry must not run it again), no relation to
   * write, and no operation (such as Increment) whose result is answered, so the answer is known first.
   */
  private Future<Boolean> savesInOneStatement(ParseRequest request, boolean create) {
    String className = className(request);
    WriteBody write = WriteBody.parse(request.body(), create);
    if (changes.enabled(className) || write.changesRelations() || write.changes().stream().anyMatch(FieldChange::reportsResult)) {
      return Future.succeededFuture(false);
    }
    return triggers.watchesSaves(className).map(watched -> !watched);
  }

  /** Whether an idempotent delete can record its answer in its DELETE: a class without LiveQuery events or a beforeDelete trigger. */
  private Future<Boolean> deleteIsOneStatement(ParseRequest request) {
    String className = className(request);
    return changes.enabled(className) ? Future.succeededFuture(false) : triggers.watchesDeletes(className).map(watched -> !watched);
  }

  private Future<JsonObject> createRecorded(RecordedWrite recorded, ClassSchema schema, WriteBody write) {
    if (write.changesRelations()) {
      // only a beforeSave trigger registered since the request was checked could have added them
      return Future.failedFuture(RecordedWrite.changedMeanwhile());
    }
    ObjectStore.Insert insert = store.insert(schema, write);
    Reply answer = created(schema.className(), insert.created());
    return recorded.write(insert.sql() + " RETURNING \"objectId\"", insert.params(), answer.status(), insert.created(), answer.location())
        .map(rows -> insert.created());
  }

  /** Objects by id in Redis, shared by the nodes; null without Redis. */
  private final ObjectCache cache;
  /** Cloud code's triggers (beforeSave...), run by workers of any node. */
  private final Triggers triggers;

  /** GET /classes/:className/:objectId, through the one read path. */
  public Future<Reply> get(ParseRequest request, String className) {
    return reads.get(request, className, request.path("objectId")).map(Reply::ok);
  }

  public Future<Reply> update(ParseRequest request, String className) {
    String objectId = request.path("objectId");
    // afterSave is told the fields as saved: as beforeSave left them
    return triggers.beforeSave(className, objectId, request.body(), request).compose(body -> update(request, className, body)
        .onSuccess(reply -> triggers.afterSave(className, objectId, body.copy().mergeIn((JsonObject) reply.body()), request)));
  }

  private Future<Reply> update(ParseRequest request, String className, JsonObject body) {
    WriteBody write = WriteBody.parse(body, false);
    return existing(className)
        .compose(existing -> {
          List<String> owners = permit(request, existing, Operation.UPDATE, write);
          return schemas.ensure(className, write.fieldTypes(), false)
              .compose(schema -> uncached(className, request.path("objectId"), () -> changes.around(db(request), className,
                  request.path("objectId"), "update", db -> store.update(db, schema, request.path("objectId"), write,
                      new WriteAccess(acl(request), owners, request.userId()), request.idempotentWrite()), updated -> null)));
        })
        .map(Reply::ok);
  }

  /** Runs a write of an existing object with the object cache kept right: fenced before, evicted after the commit. */
  private <T> Future<T> uncached(String className, String objectId, java.util.function.Supplier<Future<T>> write) {
    if (cache == null) {
      return write.get();
    }
    String key = className + ":" + objectId;
    return cache.fence(key).compose(v -> write.get()).compose(result -> cache.evict(key).map(result));
  }

  public Future<Reply> delete(ParseRequest request, String className) {
    String objectId = request.path("objectId");
    return existing(className)
        .compose(schema -> {
          WriteAccess access = new WriteAccess(acl(request), permit(request, schema, Operation.DELETE, null), request.userId());
          return triggers.beforeDelete(className, objectId, request).compose(v -> uncached(className, request.path("objectId"), () -> changes.around(db(request), className,
              request.path("objectId"), "delete", db -> store.delete(db, schema, request.path("objectId"), access, request.idempotentWrite()), deleted -> null)));
        })
        .onSuccess(v -> triggers.afterDelete(className, objectId, request))
        .map(v -> Reply.ok(new JsonObject()));
  }

  /** GET /classes/:className, through the one read path. */
  public Future<Reply> find(ParseRequest request, String className) {
    return reads.find(request, className).map(Reply::ok);
  }

  /** Fails unless the class-level permissions let the caller do this, and add the write's new fields if it has any. */
  private static List<String> permit(ParseRequest request, ClassSchema schema, Operation operation, WriteBody write) {
    Grant grant = Permissions.grant(schema, operation, request.access());
    if (write != null && write.fieldTypes().keySet().stream().anyMatch(field -> schema.field(field) == null)) {
      Permissions.grant(schema, Operation.ADD_FIELD, request.access());
    }
    return grant.anyOwner();
  }

  private Future<ClassSchema> existing(String className) {
    return schemas.find(className).map(schema -> schema.orElseThrow(ParseException::objectNotFound));
  }

  /** The names the caller is known by in ACLs, or null for the master key, which ACLs do not restrict. */
  private static List<String> acl(ParseRequest request) {
    return request.master() ? null : request.aclNames();
  }

  private SqlClient db(ParseRequest request) {
    return request.transaction() != null ? request.transaction() : pool;
  }

  private static String className(ParseRequest request) {
    String className = Names.checkClass(request.path("className"));
    if (className.startsWith("_")) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN,
          "Class " + className + " is served by its own routes, not /classes");
    }
    return className;
  }
}
