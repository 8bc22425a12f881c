package dev.parsec.writes;

import dev.parsec.access.Access;
import dev.parsec.cache.ObjectCache;
import dev.parsec.cloud.Triggers;
import dev.parsec.db.Transaction;
import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.SchemaStore;
import dev.parsec.security.Grant;
import dev.parsec.security.HiddenFields;
import dev.parsec.security.Operation;
import dev.parsec.security.Permissions;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.RecordedWrite;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one write path: every create, update and delete of every class, from every entry point (REST, batch,
 * the users, installations, roles and sessions routes), comes here. Its steps, each in one place: the
 * class's own part ({@link ClassWriter}); beforeSave or beforeDelete; the caller's permission for the
 * operation (class rules, class-level permissions, pointer permissions; the ACL in the statement); new
 * fields added to the schema; the statement, in one transaction with the object's LiveQuery change and the
 * class's own statements when there are any, or recording an idempotent request's answer; then the object
 * cache evicted, the change published, the class's after-commit work, afterSave or afterDelete.
 */
public final class Writes {

  private final SchemaStore schemas;
  private final ObjectStore store;
  private final Pool pool;
  private final ChangeFeed changes;
  /** Objects by id in Redis, shared by the nodes; null without Redis. */
  private final ObjectCache cache;
  private final Triggers triggers;
  private final String serverUrl;
  private final boolean allowClientClassCreation;
  private final Map<String, ClassWriter> writers;
  private static final int DUPLICATE_VALUE = 137;
  /** System classes declared in code rather than in _SCHEMA (_PushStatus). */
  private final Map<String, ClassSchema> declared;
  /** Whether clients may choose a new object's objectId (allow_custom_object_id). */
  private final boolean customObjectIds;
  private static final java.util.regex.Pattern CUSTOM_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public Writes(SchemaStore schemas, ObjectStore store, Pool pool, ChangeFeed changes, ObjectCache cache, Triggers triggers,
                String serverUrl, boolean allowClientClassCreation, Map<String, ClassWriter> writers,
                Map<String, ClassSchema> declared, boolean customObjectIds) {
    this.customObjectIds = customObjectIds;
    this.schemas = schemas;
    this.store = store;
    this.pool = pool;
    this.changes = changes;
    this.cache = cache;
    this.triggers = triggers;
    this.serverUrl = serverUrl;
    this.allowClientClassCreation = allowClientClassCreation;
    this.writers = writers;
    this.declared = declared;
  }

  /**
   * Saves an object (objectId null: creates one) from a client's body; answers what Parse answers: the new
   * object's objectId and createdAt, or the update's updatedAt, with the results of operations such as
   * Increment, and whatever the class adds (a new user's sessionToken, an installation's objectId).
   */
  public Future<JsonObject> save(ParseRequest request, String className, String objectId, JsonObject body) {
    request.access().checkWrite(objectId == null ? "create" : "update");
    ClassWriter writer = writer(className);
    writer.check(request, objectId, false);
    String customId = objectId == null ? customObjectId(body) : null;
    Set<String> hidden = writer.hiddenFromTriggers();
    // one context per save: what its beforeSave puts in it, its afterSave sees
    JsonObject context = request.context().copy();
    return triggers.stored(className, objectId, false, request).compose(original -> triggers.beforeSave(className, objectId,
        original, without(body, hidden), context, request).compose(saved -> {
      JsonObject toSave = saved;
      if (hidden.stream().anyMatch(body::containsKey)) {
        toSave = saved.copy();
        for (String field : hidden) {
          if (body.containsKey(field)) {
            toSave.put(field, body.getValue(field));
          }
        }
      }
      JsonObject given = customId == null ? toSave : without(toSave, Set.of("objectId"));
      return withOptions(className, given, objectId == null).compose(optioned -> writer.save(request, objectId, optioned.body())
          .compose(save -> write(request, className, objectId, customId == null ? save : save.withObjectId(customId)))
          .map(optioned::answer))
          .map(answer -> withTriggerChanges(answer, body, without(saved, hidden)))
          .onSuccess(answer -> triggers.afterSave(className, answer.getString("objectId", objectId), original,
              without(saved, hidden), without(answer, hidden), context, request));
    })).recover(failure -> Future.failedFuture(customId != null && duplicateId(failure)
        ? new ParseException(DUPLICATE_VALUE, "A duplicate value for a field with unique values was provided")
        : writer.failure(failure)));
  }

  /**
   * The objectId a client chose for a new object, with allow_custom_object_id (104 when it is empty or not a
   * string); null when it chose none, or may not (the body's objectId is then refused with 105 as before).
   */
  private String customObjectId(JsonObject body) {
    if (!customObjectIds || !body.containsKey("objectId")) {
      return null;
    }
    if (!(body.getValue("objectId") instanceof String id) || id.isEmpty()) {
      throw new ParseException(ParseException.MISSING_OBJECT_ID, "objectId must not be empty, null or undefined");
    }
    // a user's objectId names it in ACLs and CLPs beside "*" and "role:..." (Parse Server's GHSA-8xq9-g7ch-35hg):
    // ids of every class keep to characters that can never read as either, nor as a cache key's ":"
    if (!CUSTOM_ID.matcher(id).matches()) {
      throw new ParseException(ParseException.INVALID_KEY_NAME,
          "objectId must be 1 to 128 letters, digits, _ or - (got an objectId with other characters or longer)");
    }
    return id;
  }

  /** Whether a create failed because its chosen objectId is taken (the class's primary key). */
  private static boolean duplicateId(Throwable failure) {
    return failure instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
        && pg.getConstraint() != null && pg.getConstraint().endsWith("_pkey");
  }

  /** The body of a create, without the objectId its client may choose (allow_custom_object_id). */
  private JsonObject withoutCustomId(JsonObject body, boolean create) {
    return create && customObjectIds && body.containsKey("objectId") ? without(body, Set.of("objectId")) : body;
  }

  /** Deletes an object: 101 when there is none the caller may delete. */
  public Future<Void> delete(ParseRequest request, String className, String objectId) {
    request.access().checkWrite("delete");
    ClassWriter writer = writer(className);
    writer.check(request, objectId, true);
    JsonObject context = request.context().copy();
    return existing(className).compose(schema -> {
      Grant grant = Permissions.grant(schema, Operation.DELETE, request.access());
      return writer.delete(request, objectId).compose(removal -> triggers.stored(className, objectId, true, request)
          .compose(stored -> triggers.beforeDelete(className, objectId, stored, context, request)
              .compose(allowed -> remove(request, schema, objectId, WriteAccess.of(request.access(), grant, false, HiddenFields.NONE), removal))
              .onSuccess(done -> triggers.afterDelete(className, objectId, stored, context, request))));
    }).recover(failure -> Future.failedFuture(writer.failure(failure)));
  }

  /**
   * Deletes every object of a class: Parse Server's purge (Dashboard's "delete all rows"), for the master key.
   * Each object goes as a delete of it goes, but for triggers, which a purge runs none of (as in Parse Server):
   * the class's own part (a user's sessions revoked, a session dropped on every node, roles' caches), its
   * LiveQuery delete event and its cache entry. A class with neither its own part nor LiveQuery events goes a
   * page at a time in one statement each. Pages are taken by objectId, so objects created meanwhile may stay.
   */
  public Future<Void> purge(ParseRequest request, String className) {
    if (!request.master()) {
      return Future.failedFuture(ParseException.masterKeyRequired());
    }
    return find(className).compose(schema -> schema.isEmpty() ? Future.succeededFuture()
        : purgeAfter(request, schema.get(), null));
  }

  private static final int PURGE_PAGE = 500;

  private Future<Void> purgeAfter(ParseRequest request, ClassSchema schema, String after) {
    String className = schema.className();
    return store.ids(pool, schema, after, PURGE_PAGE).compose(ids -> {
      if (ids.isEmpty()) {
        return Future.succeededFuture();
      }
      Future<Void> page;
      if (!writers.containsKey(className) && !changes.enabled(className)) {
        page = Future.all(ids.stream().map(id -> fence(className, id)).toList())
            .compose(fenced -> store.deleteAll(pool, schema, ids))
            .compose(deleted -> Future.all(ids.stream().map(id -> evict(className, id)).toList()).mapEmpty());
      } else {
        ClassWriter writer = writer(className);
        page = Future.all(ids.stream().map(id -> writer.delete(request, id)
            .compose(removal -> remove(request, schema, id, WriteAccess.ANY, removal))
            // deleted meanwhile by another request
            .recover(failure -> failure instanceof ParseException parse && parse.code() == ParseException.OBJECT_NOT_FOUND
                ? Future.succeededFuture() : Future.failedFuture(failure)))
            .toList()).mapEmpty();
      }
      return page.compose(v -> ids.size() < PURGE_PAGE ? Future.succeededFuture()
          : purgeAfter(request, schema, ids.get(ids.size() - 1)));
    }).recover(failure -> Future.failedFuture(writer(className).failure(failure)));
  }

  /**
   * Creates the class and fields a save needs, ahead of a transaction that will make the save (a
   * transactional batch), so that no schema change waits on it.
   */
  public Future<ClassSchema> prepare(ParseRequest request, String className, String objectId, JsonObject body) {
    WriteBody write = WriteBody.parse(without(withoutCustomId(body, objectId == null), writer(className).hiddenFromTriggers()),
        objectId == null);
    return permittedSchema(request, className, objectId == null, write);
  }

  /**
   * Whether an idempotent save can record its answer in its own statement: a class with no part of its own,
   * no LiveQuery events or beforeSave trigger (a retry must not run them again), no relation to write, no
   * operation (such as Increment) whose result is answered, and for a create no default value, so that the
   * answer is known first.
   */
  public Future<Boolean> savesInOneStatement(String className, JsonObject body, boolean create) {
    WriteBody write = WriteBody.parse(withoutCustomId(body, create), create);
    if (writers.containsKey(className) || changes.enabled(className) || write.changesRelations()
        || write.changes().stream().anyMatch(FieldChange::reportsResult)) {
      return Future.succeededFuture(false);
    }
    // a create's default values are answered with it, which the one statement's recorded answer would lack
    return triggers.watchesSaves(className).compose(watched -> watched || !create ? Future.succeededFuture(!watched)
        : find(className).map(schema -> schema.map(found -> !FieldOptions.hasDefaults(found)).orElse(true)));
  }

  /** The save's body with the class's required fields checked and default values filled in (nothing for a new class). */
  private Future<FieldOptions> withOptions(String className, JsonObject body, boolean create) {
    return find(className).map(schema -> schema.map(found -> FieldOptions.apply(found, body, create))
        .orElseGet(() -> new FieldOptions(body, new JsonObject())));
  }

  /** Whether an idempotent delete can record its answer in its DELETE: no class part, LiveQuery events or beforeDelete. */
  public Future<Boolean> deletesInOneStatement(String className) {
    return writers.containsKey(className) || changes.enabled(className) ? Future.succeededFuture(false)
        : triggers.watchesDeletes(className).map(watched -> !watched);
  }

  /** Drops an object from the object cache after a write made outside this path (a verified email). */
  public Future<Void> evict(String className, String objectId) {
    return cache == null ? Future.succeededFuture() : cache.evict(className + ":" + objectId);
  }

  private Future<JsonObject> write(ParseRequest request, String className, String objectId, Save save) {
    boolean create = objectId == null;
    return permittedSchema(request, className, create, save.body()).compose(schema -> {
      if (!save.plain() || changes.enabled(className)) {
        return inTransaction(request, schema, objectId, save);
      }
      // one statement, on the caller's transaction if it has one, recording an idempotent request's answer
      RecordedWrite recorded = request.idempotentWrite();
      if (create) {
        return recorded != null ? createRecorded(recorded, schema, save.body()) : store.create(db(request), schema, save.body());
      }
      return uncached(className, objectId, () -> store.update(db(request), schema, objectId, save.body(),
          updating(schema, request.access(), save.ownObject()), recorded));
    });
  }

  /** A save's object and what it answers. */
  private record Written(String objectId, JsonObject answer) {
  }

  /**
   * The save's statements in one transaction: the object it writes (the one named, or found by the class),
   * its state before (locked) and after for LiveQuery, the class's own statements; then, once committed, the
   * cache evicted, the change published and the class's after-commit work done.
   */
  private Future<JsonObject> inTransaction(ParseRequest request, ClassSchema schema, String objectId, Save save) {
    String className = schema.className();
    return schemas.all().compose(all -> Transaction.within(pool, request.transaction(), tx ->
        (save.target() == null ? Future.succeededFuture(objectId) : save.target().apply(tx))
            .compose(target -> fence(className, target).compose(v -> written(tx, all, request.access(), schema, target, save)))))
        .compose(written -> evict(className, written.objectId()).map(written.answer()))
        .compose(answer -> afterCommit(request.transaction(), save.committed() == null ? null
            : () -> save.committed().apply(answer)).map(answer));
  }

  /** The object's write (a new one when target is null) and the class's statements, with its LiveQuery change. */
  private Future<Written> written(SqlClient tx, Map<String, ClassSchema> all, Access access, ClassSchema schema, String target,
                                  Save save) {
    boolean events = changes.enabled(schema.className());
    if (target == null) {
      // a save the class turned into a create (an installation no device matched) needs create too
      Permissions.grant(schema, Operation.CREATE, access);
    }
    return (events ? changes.before(tx, all, schema, target) : Future.<JsonObject>succeededFuture()).compose(before ->
        (target == null ? store.create(tx, schema, save.body())
            : store.update(tx, schema, target, save.body(), updating(schema, access, save.ownObject())))
            .compose(answer -> {
              String id = target != null ? target : answer.getString("objectId");
              Future<JsonObject> done = save.inTransaction() == null ? Future.succeededFuture(answer)
                  : save.inTransaction().run(tx, id, answer);
              return done.compose(answered -> !events ? Future.succeededFuture(new Written(id, answered))
                  : changes.event(tx, all, schema, id, target == null ? "create" : "update", before).map(event -> {
                    changes.publish(tx, event);
                    return new Written(id, answered);
                  }));
            }));
  }

  private Future<Void> remove(ParseRequest request, ClassSchema schema, String objectId, WriteAccess access, Removal removal) {
    String className = schema.className();
    boolean events = changes.enabled(className);
    if (!events && removal.inTransaction() == null) {
      return uncached(className, objectId, () -> store.delete(db(request), schema, objectId, access, request.idempotentWrite()))
          .compose(v -> afterCommit(request.transaction(), removal.committed()));
    }
    return uncached(className, objectId, () -> schemas.all().compose(all -> Transaction.within(pool, request.transaction(), tx ->
        (events ? changes.before(tx, all, schema, objectId) : Future.<JsonObject>succeededFuture())
            .compose(before -> (removal.inTransaction() == null ? Future.<Void>succeededFuture() : removal.inTransaction().apply(tx))
                .compose(v -> store.delete(tx, schema, objectId, access))
                .compose(v -> !events ? Future.<Void>succeededFuture()
                    : changes.event(tx, all, schema, objectId, "delete", before).map(event -> {
                      changes.publish(tx, event);
                      return null;
                    }))))))
        .compose(v -> afterCommit(request.transaction(), removal.committed()));
  }

  /**
   * The class's schema holding the save's fields, once the caller may make the save: its class-level
   * permission for the operation, and addField for new fields. A class that does not exist yet is made
   * only for the master key, or any caller with allow_client_class_creation.
   */
  private Future<ClassSchema> permittedSchema(ParseRequest request, String className, boolean create, WriteBody write) {
    return find(className).compose(existing -> {
      if (existing.isEmpty() && !create) {
        return Future.failedFuture(ParseException.objectNotFound());
      }
      existing.ifPresent(schema -> {
        Permissions.grant(schema, create ? Operation.CREATE : Operation.UPDATE, request.access());
        if (write.fieldTypes().keySet().stream().anyMatch(field -> schema.field(field) == null)) {
          Permissions.grant(schema, Operation.ADD_FIELD, request.access());
        }
      });
      if (declared.containsKey(className)) {
        return Future.succeededFuture(declared.get(className));
      }
      return schemas.ensure(className, write.fieldTypes(), create && (request.master() || allowClientClassCreation));
    });
  }

  private Future<JsonObject> createRecorded(RecordedWrite recorded, ClassSchema schema, WriteBody write) {
    ObjectStore.Insert insert = store.insert(schema, write);
    String location = serverUrl + "/classes/" + schema.className() + "/" + insert.created().getString("objectId");
    return recorded.write(insert.sql() + " RETURNING \"objectId\"", insert.params(), 201, insert.created(), location)
        .map(rows -> insert.created());
  }

  /** How the caller may update an object of the class: its update grant, and what it may read back. */
  private static WriteAccess updating(ClassSchema schema, Access access, boolean ownObject) {
    return WriteAccess.of(access, Permissions.grant(schema, Operation.UPDATE, access), ownObject, Permissions.hidden(schema, access));
  }

  /** Runs a write of an existing object with the object cache kept right: fenced before, evicted after the commit. */
  private <T> Future<T> uncached(String className, String objectId, Supplier<Future<T>> write) {
    return fence(className, objectId).compose(v -> write.get())
        .compose(result -> evict(className, objectId).map(result));
  }

  private Future<Void> fence(String className, String objectId) {
    return cache == null || objectId == null ? Future.succeededFuture() : cache.fence(className + ":" + objectId);
  }

  /** Runs work once the shared transaction commits (not awaited), or now when the write committed on its own. */
  private static Future<Void> afterCommit(SqlClient shared, Supplier<Future<Void>> work) {
    if (work == null) {
      return Future.succeededFuture();
    }
    if (shared != null) {
      Transaction.afterCommit(shared, work::get);
      return Future.succeededFuture();
    }
    return work.get();
  }

  private Future<ClassSchema> existing(String className) {
    return find(className).map(schema -> schema.orElseThrow(ParseException::objectNotFound));
  }

  private Future<Optional<ClassSchema>> find(String className) {
    return declared.containsKey(className) ? Future.succeededFuture(Optional.of(declared.get(className))) : schemas.find(className);
  }

  private ClassWriter writer(String className) {
    return writers.getOrDefault(className, ClassWriter.NONE);
  }

  private SqlClient db(ParseRequest request) {
    return request.transaction() != null ? request.transaction() : pool;
  }

  /**
   * The answer with the fields a beforeSave trigger set or changed, as Parse Server answers them (the SDKs apply
   * them to the saved object).
   */
  private static JsonObject withTriggerChanges(JsonObject answer, JsonObject given, JsonObject saved) {
    if (saved == given) {
      return answer;
    }
    saved.forEach(field -> {
      if (!answer.containsKey(field.getKey()) && !java.util.Objects.equals(given.getValue(field.getKey()), field.getValue())) {
        answer.put(field.getKey(), field.getValue());
      }
    });
    return answer;
  }

  /** The object without the fields (the same instance when it has none of them). */
  private static JsonObject without(JsonObject object, Set<String> fields) {
    if (fields.stream().noneMatch(object::containsKey)) {
      return object;
    }
    JsonObject copy = object.copy();
    fields.forEach(copy::remove);
    return copy;
  }
}
