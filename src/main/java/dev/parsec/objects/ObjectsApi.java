package dev.parsec.objects;

import dev.parsec.access.Acl;
import dev.parsec.cache.ObjectCache;
import dev.parsec.cloud.Triggers;
import dev.parsec.error.ParseException;
import dev.parsec.query.FindQuery;
import dev.parsec.query.IndexAdvisor;
import dev.parsec.schema.ClassPermissions;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ApiRoutes.RecordingAction;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.RecordedWrite;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /classes: create, get, update, delete and find objects of any class. */
public final class ObjectsApi {

  private final SchemaStore schemas;
  private final ObjectStore store;
  private final ParseValues values;
  private final Pool pool;
  private final String serverUrl;
  private final boolean allowClientClassCreation;
  private final IndexAdvisor indexes;
  private final ChangeFeed changes;
  /** Plain get-by-id statements by caller kind and class, each for the schema version it was built from; one event loop only. */
  private final Map<String, FindQuery> byId = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, FindQuery> eldest) {
      return size() > 256;
    }
  };

  public ObjectsApi(SchemaStore schemas, ObjectStore store, ParseValues values, Pool pool, String serverUrl,
                    boolean allowClientClassCreation, IndexAdvisor indexes, ChangeFeed changes, ObjectCache cache,
                    Triggers triggers) {
    this.cache = cache;
    this.triggers = triggers;
    this.schemas = schemas;
    this.store = store;
    this.values = values;
    this.pool = pool;
    this.serverUrl = serverUrl;
    this.allowClientClassCreation = allowClientClassCreation;
    this.indexes = indexes;
    this.changes = changes;
  }

  public void addTo(ApiRoutes routes) {
    // jobs' statuses, which clients may not read (the class permits nothing), before the
    // generic routes, which refuse system classes
    routes.on(Method.GET, "/classes/_JobStatus", request -> find(request, "_JobStatus"))
        .on(Method.GET, "/classes/_JobStatus/:objectId", request -> get(request, "_JobStatus"));
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
    return permitted(request, className, create ? "create" : "update", write)
        .compose(v -> schemas.ensure(className, write.fieldTypes(), request.master() || allowClientClassCreation));
  }

  /** Checks the class-level permissions of a write to a class that may not exist yet (then only its creation rules apply). */
  private Future<Void> permitted(ParseRequest request, String className, String operation, WriteBody write) {
    return schemas.find(className).map(existing -> {
      // pointer permissions do not grant creating objects or adding fields
      existing.ifPresent(schema -> {
        if (!permit(request, schema, operation, write).isEmpty() && operation.equals("create")) {
          throw new ParseException(ParseException.OPERATION_FORBIDDEN,
              "Permission denied for action create on class " + className + ".");
        }
      });
      return null;
    });
  }

  /** Creates an object of the class; system classes' own routes call this after their own checks. */
  public Future<Reply> create(ParseRequest request, String className) {
    return triggers.beforeSave(className, null, request.body(), request).compose(body -> {
      WriteBody write = WriteBody.parse(body, true);
      return permitted(request, className, "create", write)
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

  /**
   * GET /classes/:className/:objectId. A beforeFind trigger of the class sees it as a query of that
   * id and may change it (the get then runs as that query); an afterFind trigger may change or drop
   * the object (dropped: 101).
   */
  public Future<Reply> get(ParseRequest request, String className) {
    if (!triggers.watchesFinds(className)) {
      return getById(request, className);
    }
    JsonObject asQuery = forTriggers(request.params()).put("where", new JsonObject().put("objectId", request.path("objectId")))
        .put("limit", 1);
    return triggers.beforeFind(className, asQuery, true, request)
        .compose(query -> query == asQuery ? getById(request, className)
            : search(request.withParams(query), className).map(found -> {
              JsonArray results = ((JsonObject) found.body()).getJsonArray("results");
              if (results.isEmpty()) {
                throw ParseException.objectNotFound();
              }
              return Reply.ok(results.getJsonObject(0));
            }))
        .compose(reply -> triggers.afterFind(className, asQuery, true, new JsonArray().add(reply.body()), request)
            .map(objects -> {
              if (objects.isEmpty()) {
                throw ParseException.objectNotFound();
              }
              return Reply.ok(objects.getJsonObject(0));
            }));
  }

  private Future<Reply> getById(ParseRequest request, String className) {
    String objectId = request.path("objectId");
    JsonObject params = new JsonObject().put("where", new JsonObject().put("objectId", objectId)).put("limit", 1);
    boolean plain = true;
    for (String name : new String[] {"keys", "include", "excludeKeys"}) {
      if (request.params().containsKey(name)) {
        params.put(name, request.params().getValue(name));
        plain = false;
      }
    }
    boolean cacheable = plain;
    return schemas.all().compose(all -> {
      ClassSchema schema = all.get(className);
      if (schema == null) {
        return Future.failedFuture(ParseException.objectNotFound());
      }
      List<String> owners = permit(request, schema, "get", null);
      if (!owners.isEmpty()) {
        JsonObject owned = params.copy().put("where", ownedBy(params.getJsonObject("where"), owners, request.userId()));
        return store.find(db(request), new FindQuery(all, values, schema, owned, acl(request))).map(found -> {
          JsonArray results = found.getJsonArray("results");
          if (results.isEmpty()) {
            throw ParseException.objectNotFound();
          }
          return results.getJsonObject(0);
        });
      }
      List<String> acl = acl(request);
      if (cache != null && cacheable && request.transaction() == null) {
        return cachedGet(all, schema, objectId, acl);
      }
      // the statement of a plain get depends on the class's schema only: built once per schema version
      String cacheKey = (acl == null ? "master:" : "client:") + className;
      FindQuery query = cacheable ? byId.get(cacheKey) : null;
      if (query == null || query.schema() != schema) {
        query = new FindQuery(all, values, schema, params, acl);
        if (cacheable) {
          byId.put(cacheKey, query);
        }
      }
      // the ACL names, when bound, come first, as the query bound them
      Tuple bound = acl == null ? Tuple.of(objectId) : Tuple.of(acl.toArray(String[]::new), objectId);
      return store.first(db(request), query, bound);
    }).map(Reply::ok);
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
          List<String> owners = permit(request, existing, "update", write);
          return schemas.ensure(className, write.fieldTypes(), false)
              .compose(schema -> uncached(className, request.path("objectId"), () -> changes.around(db(request), className,
                  request.path("objectId"), "update", db -> store.update(db, schema, request.path("objectId"), write,
                      new WriteAccess(acl(request), owners, request.userId()), request.idempotentWrite()), updated -> null)));
        })
        .map(Reply::ok);
  }

  /**
   * A plain get through the object cache: the object as the master key reads it, cached, then the
   * caller's ACL and protected fields applied as the SQL would apply them.
   */
  private Future<JsonObject> cachedGet(Map<String, ClassSchema> all, ClassSchema schema, String objectId, List<String> acl) {
    String key = schema.className() + ":" + objectId;
    String version = schema.sqlTag();
    return cache.get(key, version).compose(cached -> {
      if (cached != null) {
        return Future.succeededFuture(cached);
      }
      FindQuery query = byId.get("master:" + schema.className());
      if (query == null || query.schema() != schema) {
        query = new FindQuery(all, values, schema, new JsonObject().put("where", new JsonObject().put("objectId", objectId)).put("limit", 1));
        byId.put("master:" + schema.className(), query);
      }
      return store.first(pool, query, Tuple.of(objectId)).onSuccess(read -> cache.put(key, version, read));
    }).map(object -> {
      if (acl == null) {
        return object;
      }
      if (!Acl.readableBy(object.getJsonObject("ACL"), acl)) {
        throw ParseException.objectNotFound();
      }
      JsonObject seen = object.copy();
      ClassPermissions.protectedFields(schema, acl).forEach(seen::remove);
      return seen;
    });
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
          WriteAccess access = new WriteAccess(acl(request), permit(request, schema, "delete", null), request.userId());
          return triggers.beforeDelete(className, objectId, request).compose(v -> uncached(className, request.path("objectId"), () -> changes.around(db(request), className,
              request.path("objectId"), "delete", db -> store.delete(db, schema, request.path("objectId"), access, request.idempotentWrite()), deleted -> null)));
        })
        .onSuccess(v -> triggers.afterDelete(className, objectId, request))
        .map(v -> Reply.ok(new JsonObject()));
  }

  /** GET /classes/:className, run as a beforeFind trigger of the class leaves it, answered as an afterFind one leaves it. */
  public Future<Reply> find(ParseRequest request, String className) {
    if (!triggers.watchesFinds(className)) {
      return search(request, className);
    }
    JsonObject asked = forTriggers(request.params());
    return triggers.beforeFind(className, asked, false, request)
        .compose(query -> search(query == asked ? request : request.withParams(query), className))
        .compose(reply -> {
          JsonObject body = (JsonObject) reply.body();
          JsonArray found = body.getJsonArray("results");
          return triggers.afterFind(className, asked, false, found, request)
              .map(objects -> objects == found ? reply : Reply.ok(body.copy().put("results", objects)));
        });
  }

  /** A query as a trigger reads it: where as an object, limit and skip as numbers, whatever the client sent. */
  private static JsonObject forTriggers(JsonObject params) {
    JsonObject query = params.copy();
    if (query.containsKey("where")) {
      query.put("where", FindQuery.where(query.getValue("where")));
    }
    for (String number : new String[] {"limit", "skip", "count"}) {
      if (query.getValue(number) instanceof String text && text.matches("-?\\d{1,9}")) {
        query.put(number, Integer.parseInt(text));
      }
    }
    return query;
  }

  private Future<Reply> search(ParseRequest request, String className) {
    return schemas.all().compose(all -> {
      ClassSchema schema = all.get(className);
      if (schema == null) {
        // a class nobody wrote to yet has no objects; the query is still checked
        ClassSchema none = new ClassSchema(className, ClassSchema.defaultFields(), ClassSchema.openPermissions());
        JsonObject empty = new JsonObject().put("results", new JsonArray());
        if (new FindQuery(all, values, none, request.params(), acl(request)).count()) {
          empty.put("count", 0);
        }
        return Future.succeededFuture(Reply.ok(empty));
      }
      FindQuery query = new FindQuery(all, values, schema, request.params(), acl(request));
      List<String> owners = permit(request, schema, query.limit() == 0 && query.count() ? "count" : "find", null);
      if (query.count() && query.limit() > 0) {
        permit(request, schema, "count", null);
      }
      if (!owners.isEmpty()) {
        JsonObject owned = request.params().copy();
        owned.put("where", ownedBy(FindQuery.where(owned.getValue("where")), owners, request.userId()));
        query = new FindQuery(all, values, schema, owned, acl(request));
      }
      indexes.consider(className, query.indexCandidates());
      return store.find(db(request), query).map(Reply::ok);
    });
  }

  /** Fails unless the class-level permissions let the caller do this, and add the write's new fields if it has any. */
  private static List<String> permit(ParseRequest request, ClassSchema schema, String operation, WriteBody write) {
    List<String> owners = ClassPermissions.require(schema, operation, request.master(), request.userId(), request.aclNames());
    if (write != null && write.fieldTypes().keySet().stream().anyMatch(field -> schema.field(field) == null)) {
      ClassPermissions.require(schema, "addField", request.master(), request.userId(), request.aclNames());
    }
    return owners;
  }

  /** The where restricted to objects one of whose owner fields points to the user (pointer permissions). */
  private static JsonObject ownedBy(JsonObject where, List<String> owners, String userId) {
    return new JsonObject().put("$and", new JsonArray().add(where).add(ClassPermissions.ownedBy(owners, userId)));
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
