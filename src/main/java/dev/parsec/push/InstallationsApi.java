package dev.parsec.push;

import dev.parsec.cloud.Triggers;
import dev.parsec.error.ParseException;
import dev.parsec.objects.ObjectStore;
import dev.parsec.objects.WriteAccess;
import dev.parsec.reads.Reads;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.SchemaStore;
import dev.parsec.security.Operation;
import dev.parsec.security.Permissions;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * /installations (and /classes/_Installation): the devices push reaches. Saves follow Parse Server's
 * rules ({@link InstallationMatch}) in one transaction, serialised per installationId and device token.
 * Clients may create, get and update installations, as with Parse Server; only the master key may find
 * or delete them.
 */
final class InstallationsApi {

  static final String CLASS = "_Installation";

  private final SchemaStore schemas;
  private final ObjectStore store;
  private final Reads reads;
  private final Pool pool;
  private final String serverUrl;
  private final Triggers triggers;

  InstallationsApi(SchemaStore schemas, ObjectStore store, Reads reads, Pool pool, String serverUrl, Triggers triggers) {
    this.triggers = triggers;
    this.schemas = schemas;
    this.store = store;
    this.reads = reads;
    this.pool = pool;
    this.serverUrl = serverUrl;
  }

  void addTo(ApiRoutes routes) {
    for (String base : new String[] {"/installations", "/classes/_Installation"}) {
      routes.on(Method.POST, base, r -> save(r, null))
          .on(Method.GET, base, this::find)
          .on(Method.GET, base + "/:objectId", this::get)
          .on(Method.PUT, base + "/:objectId", r -> save(r, r.path("objectId")))
          .on(Method.DELETE, base + "/:objectId", this::delete);
    }
  }

  /** A save as the class's beforeSave trigger leaves the body; afterSave is told of the saved installation. */
  private Future<Reply> save(ParseRequest request, String objectId) {
    return triggers.beforeSave(CLASS, objectId, request.body(), request)
        .compose(body -> saveAsSent(body == request.body() ? request
            : request.with(request.method(), body, request.query(), request.pathParams(), request.transaction()), objectId))
        .onSuccess(reply -> {
          JsonObject saved = (JsonObject) reply.body();
          String id = saved.getString("objectId", objectId);
          triggers.afterSave(CLASS, id, request.body().copy().mergeIn(saved), request);
        });
  }

  private Future<Reply> saveAsSent(ParseRequest request, String objectId) {
    InstallationBody body = InstallationBody.parse(request, objectId == null);
    if (objectId == null && body.installationId() == null && body.deviceToken() == null) {
      throw new ParseException(InstallationMatch.MISSING_ID,
          "at least one ID field (deviceToken, installationId) must be specified in this operation");
    }
    return schemas.find(CLASS).map(found -> found.orElseThrow(() -> new IllegalStateException("_Installation has no schema")))
        .compose(existing -> {
          if (body.write().fieldTypes().keySet().stream().anyMatch(field -> existing.field(field) == null)) {
            Permissions.grant(existing, Operation.ADD_FIELD, request.access());
          }
          return schemas.ensure(CLASS, body.write().fieldTypes(), false);
        })
        .compose(schema -> objectId != null && !body.identifies()
            ? update(db(request), request, schema, objectId, body)
            : inTransaction(request, tx -> tx.preparedQuery(InstallationSql.LOCK_KEYS).execute(Tuple.of(lockKeys(body)))
                .compose(locked -> tx.preparedQuery(InstallationSql.MATCHES)
                    .execute(Tuple.of(objectId, body.installationId(), body.deviceToken())))
                .compose(rows -> {
                  List<InstallationMatch.Stored> found = new ArrayList<>();
                  for (Row row : rows) {
                    found.add(new InstallationMatch.Stored(row.getString("objectId"), row.getString("installationId"),
                        row.getString("deviceToken"), row.getString("deviceType")));
                  }
                  InstallationMatch.Plan plan = InstallationMatch.plan(objectId, body, found);
                  return cleanUp(tx, plan).compose(v -> plan.target() == null
                      ? create(tx, request, schema, body)
                      : update(tx, request, schema, plan.target(), body));
                })));
  }

  private Future<Reply> create(SqlClient db, ParseRequest request, ClassSchema schema, InstallationBody body) {
    Permissions.grant(schema, Operation.CREATE, request.access());
    return store.create(db, schema, body.write()).map(created ->
        Reply.created(created, serverUrl + "/classes/" + CLASS + "/" + created.getString("objectId")));
  }

  /** An update answers the installation's objectId too: a create merged into an existing one needs it. */
  private Future<Reply> update(SqlClient db, ParseRequest request, ClassSchema schema, String objectId, InstallationBody body) {
    List<String> owners = Permissions.grant(schema, Operation.UPDATE, request.access()).anyOwner();
    WriteAccess access = new WriteAccess(request.master() ? null : request.aclNames(), owners, request.userId());
    return store.update(db, schema, objectId, body.write(), access)
        .map(updated -> Reply.ok(new JsonObject().put("objectId", objectId).mergeIn(updated)));
  }

  /** The batch's transaction when the save is part of one, else a transaction of its own. */
  private <T> Future<T> inTransaction(ParseRequest request, java.util.function.Function<SqlClient, Future<T>> work) {
    return request.transaction() != null ? work.apply(request.transaction()) : pool.withTransaction(work::apply);
  }

  private static Future<Void> cleanUp(SqlClient tx, InstallationMatch.Plan plan) {
    Future<?> done = plan.deleteObjects().isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery(InstallationSql.DELETE_OBJECTS).execute(Tuple.of(plan.deleteObjects().toArray(String[]::new)));
    InstallationMatch.TokenCleanup cleanup = plan.tokenCleanup();
    if (cleanup != null) {
      done = done.compose(v -> tx.preparedQuery(InstallationSql.DELETE_TOKEN_HOLDERS).execute(Tuple.of(cleanup.token(),
          cleanup.exceptInstallationId(), cleanup.exceptObjectId(), cleanup.appIdentifier())));
    }
    return done.mapEmpty();
  }

  private static String[] lockKeys(InstallationBody body) {
    List<String> keys = new ArrayList<>();
    if (body.installationId() != null) {
      keys.add("installation:" + body.installationId());
    }
    if (body.deviceToken() != null) {
      keys.add("device-token:" + body.deviceToken());
    }
    return keys.toArray(String[]::new);
  }

  private Future<Reply> get(ParseRequest request) {
    return reads.get(request, CLASS, request.path("objectId")).map(Reply::ok);
  }

  /** The master key's only: a client is refused by the class's rules. */
  private Future<Reply> find(ParseRequest request) {
    return reads.find(request, CLASS).map(Reply::ok);
  }

  private Future<Reply> delete(ParseRequest request) {
    requireMaster(request, "delete");
    String objectId = request.path("objectId");
    return triggers.beforeDelete(CLASS, objectId, request)
        .compose(allowed -> schemas.find(CLASS))
        .compose(schema -> store.delete(db(request), schema.orElseThrow(), objectId, new WriteAccess(null, List.of(), null)))
        .onSuccess(v -> triggers.afterDelete(CLASS, objectId, request))
        .map(v -> Reply.ok(new JsonObject()));
  }

  /** Parse Server's rule for installations, whatever the class-level permissions say. */
  private static void requireMaster(ParseRequest request, String operation) {
    if (!request.master()) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN,
          "Clients aren't allowed to perform the " + operation + " operation on the installation collection.");
    }
  }

  private SqlClient db(ParseRequest request) {
    return request.transaction() != null ? request.transaction() : pool;
  }
}
