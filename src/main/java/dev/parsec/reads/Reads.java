package dev.parsec.reads;

import dev.parsec.access.Access;
import dev.parsec.cache.ObjectCache;
import dev.parsec.cloud.Triggers;
import dev.parsec.error.ParseException;
import dev.parsec.query.FindQuery;
import dev.parsec.query.IndexAdvisor;
import dev.parsec.replicas.ReadRouting;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.security.Grant;
import dev.parsec.security.HiddenFields;
import dev.parsec.security.Operation;
import dev.parsec.security.Permissions;
import dev.parsec.web.ParseRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one read path: every get, find and count of every class, from every entry point (REST, batch,
 * the users, sessions, installations and roles routes), comes here. Its steps: the class's find triggers
 * (beforeFind may change the query, afterFind the answer); the caller's permission for the operation;
 * the statement, which applies the caller's access to every table it reads ({@link FindQuery}); for a plain
 * get, the object cache, with the same decisions applied in memory. One per event loop.
 */
public final class Reads {

  private static final String[] GET_PARAMS = {"keys", "include", "excludeKeys"};

  private final SchemaStore schemas;
  private final ParseValues values;
  /** The primary: the object cache is filled from it. */
  private final Pool pool;
  /** Where finds, counts and gets go (a read replica, when configured, that has the caller's own writes). */
  private final ReadRouting routing;
  /** Objects by id in Redis, shared by the nodes; null without Redis. */
  private final ObjectCache cache;
  private final Triggers triggers;
  private final IndexAdvisor indexes;
  /** System classes declared in code rather than in _SCHEMA (_PushStatus). */
  private final Map<String, ClassSchema> declared;
  /** The limit of a find that names none (default_limit). */
  private final int defaultLimit;
  /** Plain get-by-id statements, by class and how the caller sees it, each for the schema it was built from. */
  private final Map<String, FindQuery> byId = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, FindQuery> eldest) {
      return size() > 256;
    }
  };

  public Reads(SchemaStore schemas, ParseValues values, Pool pool, ReadRouting routing, ObjectCache cache, Triggers triggers, IndexAdvisor indexes,
               Map<String, ClassSchema> declared, int defaultLimit) {
    this.declared = declared;
    this.defaultLimit = defaultLimit;
    this.schemas = schemas;
    this.values = values;
    this.pool = pool;
    this.routing = routing;
    this.cache = cache;
    this.triggers = triggers;
    this.indexes = indexes;
  }

  /**
   * One object by id as the caller may see it (the request's keys, include and excludeKeys apply); 101
   * when there is none it may read. A beforeFind trigger of the class sees it as a query of that id and
   * may change it; an afterFind trigger may change or drop the object (dropped: 101).
   */
  public Future<JsonObject> get(ParseRequest request, String className, String objectId) {
    return triggers.watchesFinds(className).compose(watched -> watched ? getThroughTriggers(request, className, objectId)
        : byId(request, className, objectId));
  }

  private Future<JsonObject> getThroughTriggers(ParseRequest request, String className, String objectId) {
    JsonObject asQuery = forTriggers(request.params()).put("where", new JsonObject().put("objectId", objectId)).put("limit", 1);
    return triggers.beforeFind(className, asQuery, true, request)
        .compose(query -> query == asQuery ? byId(request, className, objectId)
            : search(request.withParams(query), className).map(found -> first(found.getJsonArray("results"))))
        .compose(object -> triggers.afterFind(className, asQuery, true, new JsonArray().add(object), request))
        .map(Reads::first);
  }

  /**
   * {"results": [...]} of a find, with the exact "count" of all matches when asked; run as a beforeFind
   * trigger of the class leaves it, answered as an afterFind one leaves it.
   */
  public Future<JsonObject> find(ParseRequest request, String className) {
    return triggers.watchesFinds(className).compose(watched -> watched ? findThroughTriggers(request, className)
        : search(request, className));
  }

  private Future<JsonObject> findThroughTriggers(ParseRequest request, String className) {
    JsonObject asked = forTriggers(request.params());
    return triggers.beforeFind(className, asked, false, request)
        .compose(query -> search(query == asked ? request : request.withParams(query), className))
        .compose(found -> {
          JsonArray results = found.getJsonArray("results");
          return triggers.afterFind(className, asked, false, results, request)
              .map(objects -> objects == results ? found : found.copy().put("results", objects));
        });
  }

  /**
   * An object as the server reads it for its own answers (a user's own record at login and for
   * /users/me): every field, no trigger; 101 when there is none.
   */
  public Future<JsonObject> asServer(SqlClient db, String className, String objectId) {
    return schemas.all().compose(all -> {
      ClassSchema schema = schemaOf(all, className);
      return schema == null ? Future.failedFuture(ParseException.objectNotFound())
          : Statements.first(db, masterById(all, schema), Tuple.of(objectId));
    });
  }

  private static JsonObject first(JsonArray results) {
    if (results.isEmpty()) {
      throw ParseException.objectNotFound();
    }
    return results.getJsonObject(0);
  }

  private Future<JsonObject> search(ParseRequest request, String className) {
    return schemas.all().compose(all -> {
      ClassSchema schema = schemaOf(all, className);
      if (schema == null) {
        // a class nobody wrote to yet has no objects; the query is still checked
        ClassSchema none = new ClassSchema(className, ClassSchema.defaultFields(), ClassSchema.openPermissions());
        JsonObject empty = new JsonObject().put("results", new JsonArray());
        if (new FindQuery(all, values, none, request.params(), request.access(), Operation.FIND).count()) {
          empty.put("count", 0);
        }
        return Future.succeededFuture(empty);
      }
      // after the triggers, which see the query as the client asked it
      JsonObject params = request.params().containsKey("limit") ? request.params()
          : request.params().copy().put("limit", defaultLimit);
      Operation operation = FindQuery.operation(params);
      FindQuery query = new FindQuery(all, values, schema, params, request.access(), operation);
      if (query.count() && operation == Operation.FIND) {
        Permissions.grant(schema, Operation.COUNT, request.access());
      }
      indexes.consider(className, query.indexCandidates());
      return routing.read(request, db -> Statements.find(db, query));
    });
  }

  private Future<JsonObject> byId(ParseRequest request, String className, String objectId) {
    JsonObject params = new JsonObject().put("where", new JsonObject().put("objectId", objectId)).put("limit", 1);
    boolean plain = true;
    for (String name : GET_PARAMS) {
      if (request.params().containsKey(name)) {
        params.put(name, request.params().getValue(name));
        plain = false;
      }
    }
    boolean cacheable = plain;
    Access access = request.access();
    return schemas.all().compose(all -> {
      ClassSchema schema = schemaOf(all, className);
      if (schema == null) {
        return Future.failedFuture(ParseException.objectNotFound());
      }
      if (cache != null && cacheable && request.transaction() == null && !Names.CHANGED_BESIDE_WRITES.contains(className)) {
        return cachedGet(all, schema, objectId, access);
      }
      Grant grant = Permissions.grant(schema, Operation.GET, access);
      String key = cacheable && !grant.restricted() ? statementKey(schema, objectId, access) : null;
      FindQuery cached = key == null ? null : byId.get(key);
      if (cached != null && cached.schema() == schema) {
        // built for another caller who sees the class alike: bound again with this caller's ACL names
        Tuple bound = access.master() ? Tuple.of(objectId) : Tuple.of(access.aclNames().toArray(String[]::new), objectId);
        return routing.read(request, db -> Statements.first(db, cached, bound));
      }
      FindQuery query = new FindQuery(all, values, schema, params, access, Operation.GET);
      if (key != null && !query.bindsUser()) {
        byId.put(key, query);
      }
      return routing.read(request, db -> Statements.first(db, query, query.params()));
    });
  }

  /**
   * What decides the text of a plain get's statement, for a caller whose grant reaches every object: the
   * class, whether it is the master key, whether it is signed in, and the fields hidden from it (none when
   * a user reads itself). A statement that binds the caller's user id is not kept.
   */
  private static String statementKey(ClassSchema schema, String objectId, Access access) {
    if (access.master()) {
      return "master:" + schema.className();
    }
    HiddenFields hidden = Permissions.hidden(schema, access);
    boolean own = hidden.ownObjectShowsAll() && objectId.equals(access.userId());
    return "client:" + schema.className() + ":" + (access.signedIn() ? "user:" : "anonymous:")
        + (own ? "own" : new TreeSet<>(hidden.fields()));
  }

  /**
   * A plain get through the object cache: the object as the master key reads it, cached, then the
   * caller's permission, ACL and hidden fields applied in memory, as the statement would apply them.
   */
  private Future<JsonObject> cachedGet(Map<String, ClassSchema> all, ClassSchema schema, String objectId, Access access) {
    Grant grant = Permissions.grant(schema, Operation.GET, access);
    String key = schema.className() + ":" + objectId;
    String version = schema.sqlTag();
    return cache.get(key, version).compose(cached -> {
      if (cached != null) {
        return Future.succeededFuture(cached);
      }
      return Statements.first(pool, masterById(all, schema), Tuple.of(objectId)).onSuccess(read -> cache.put(key, version, read));
    }).map(object -> {
      if (!Permissions.readable(object, access, grant)) {
        throw ParseException.objectNotFound();
      }
      return Permissions.shown(object, access, Permissions.hidden(schema, access));
    });
  }

  /** The master key's statement of a get by id (its one value: the id), built once per schema version. */
  private FindQuery masterById(Map<String, ClassSchema> all, ClassSchema schema) {
    String key = "master:" + schema.className();
    FindQuery query = byId.get(key);
    if (query == null || query.schema() != schema) {
      query = new FindQuery(all, values, schema, new JsonObject().put("where", new JsonObject().put("objectId", "")).put("limit", 1));
      byId.put(key, query);
    }
    return query;
  }

  private ClassSchema schemaOf(Map<String, ClassSchema> all, String className) {
    ClassSchema schema = all.get(className);
    return schema != null ? schema : declared.get(className);
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
}
