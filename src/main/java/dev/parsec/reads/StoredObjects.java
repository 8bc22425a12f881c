package dev.parsec.reads;

import dev.parsec.error.ParseException;
import dev.parsec.query.FindQuery;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects as they are stored, for what cloud code is shown (a save's original, a caller's whole user): every
 * field, as the master key reads it, no trigger; null when there is none. Read only when a trigger or hook
 * will be shown them.
 */
public final class StoredObjects {

  private final SchemaStore schemas;
  private final ParseValues values;
  private final Map<String, ClassSchema> declared;
  /** The statement of a get by id, by class, for the schema it was built from. */
  private final Map<String, FindQuery> byId = new ConcurrentHashMap<>();

  public StoredObjects(SchemaStore schemas, ParseValues values, Map<String, ClassSchema> declared) {
    this.schemas = schemas;
    this.values = values;
    this.declared = declared;
  }

  public Future<JsonObject> read(SqlClient db, String className, String objectId) {
    if (objectId == null) {
      return Future.succeededFuture();
    }
    return schemas.all().compose(all -> {
      ClassSchema schema = all.containsKey(className) ? all.get(className) : declared.get(className);
      if (schema == null) {
        return Future.<JsonObject>succeededFuture();
      }
      FindQuery query = byId.get(className);
      if (query == null || query.schema() != schema) {
        query = new FindQuery(all, values, schema, new JsonObject().put("where", new JsonObject().put("objectId", "")).put("limit", 1));
        byId.put(className, query);
      }
      return Statements.first(db, query, Tuple.of(objectId)).recover(failure ->
          failure instanceof ParseException parse && parse.code() == ParseException.OBJECT_NOT_FOUND
              ? Future.succeededFuture() : Future.failedFuture(failure));
    });
  }
}
