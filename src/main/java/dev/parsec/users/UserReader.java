package dev.parsec.users;

import dev.parsec.query.FindQuery;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * Reads users and sessions as clients see them, through the ordinary query path: only schema fields
 * are selected, so hidden columns such as _hashed_password never leave the database.
 */
final class UserReader {

  private final SchemaStore schemas;
  private final ParseValues values;

  UserReader(SchemaStore schemas, ParseValues values) {
    this.schemas = schemas;
    this.values = values;
  }

  /** The user, or null when there is none with that objectId. */
  Future<JsonObject> user(SqlClient db, String objectId) {
    return first(db, "_User", new JsonObject().put("objectId", objectId));
  }

  /** The first object of a system class matching a where clause of equalities, or null. */
  Future<JsonObject> first(SqlClient db, String className, JsonObject where) {
    return query(className, new JsonObject().put("where", where).put("limit", 1))
        .compose(query -> db.preparedQuery(query.selectSql()).execute(query.params())
            .map(rows -> rows.size() == 0 ? null : query.decode(rows.iterator().next())));
  }

  Future<FindQuery> query(String className, JsonObject params) {
    return schemas.all().map(all -> {
      ClassSchema schema = all.get(className);
      return new FindQuery(all, values, schema, params);
    });
  }

  Future<ClassSchema> schema(String className) {
    return schemas.find(className).map(found -> found.orElseThrow(() -> new IllegalStateException(className + " has no schema")));
  }

  /** Whether a caller known by these ACL names may read an object with this ACL (absent: public). */
  static boolean readable(JsonObject object, Iterable<String> aclNames) {
    return dev.parsec.access.Acl.readableBy(object.getJsonObject("ACL"), aclNames);
  }
}
