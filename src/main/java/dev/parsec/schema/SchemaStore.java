package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Class schemas: read from _SCHEMA and cached, extended when a write brings new fields. A change is
 * made in one transaction (schema row, table, columns) under an advisory lock on the class, then
 * announced on the clustered event bus so every node drops its cached copy.
 */
public final class SchemaStore {

  public static final String CHANGED_ADDRESS = "parsec.schema.changed";

  private final Vertx vertx;
  private final Pool pool;
  private final Map<String, ClassSchema> cache = new ConcurrentHashMap<>();
  /** Whether the cache holds every class (queries that reach into other classes need them all). */
  private volatile boolean complete;
  private volatile long changes;

  public SchemaStore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Starts listening for changes made on any node; completes once the consumer is registered. */
  public Future<Void> listen() {
    return vertx.eventBus().<String>consumer(CHANGED_ADDRESS, message -> {
      changes++;
      complete = false;
      cache.remove(message.body());
    }).completion();
  }

  public Future<Optional<ClassSchema>> find(String className) {
    ClassSchema cached = cache.get(className);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return pool.preparedQuery(SchemaSql.SELECT_ONE).execute(Tuple.of(className)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.<ClassSchema>empty();
      }
      ClassSchema schema = fromRow(rows.iterator().next());
      cache.put(className, schema);
      return Optional.of(schema);
    });
  }

  /** Every class's schema, by name: from the cache when it is whole, else read again from _SCHEMA. */
  public Future<Map<String, ClassSchema>> all() {
    if (complete) {
      return Future.succeededFuture(cache);
    }
    long seen = changes;
    return pool.query(SchemaSql.SELECT_ALL).execute().map(rows -> {
      // a change announced while reading leaves the cache incomplete, to be read again
      complete = seen == changes;
      Map<String, ClassSchema> loaded = new java.util.HashMap<>();
      for (Row row : rows) {
        ClassSchema schema = fromRow(row);
        loaded.put(schema.className(), schema);
      }
      cache.keySet().retainAll(loaded.keySet());
      cache.putAll(loaded);
      return cache;
    });
  }

  /**
   * Returns the class's schema holding every given field with the given type, creating the class or
   * adding fields as needed. A field that exists with another type fails with code 111.
   */
  public Future<ClassSchema> ensure(String className, Map<String, FieldType> wanted, boolean mayCreateClass) {
    return find(className).compose(existing -> {
      if (existing.isPresent() && holds(existing.get(), wanted)) {
        return Future.succeededFuture(existing.get());
      }
      if (existing.isEmpty() && !mayCreateClass) {
        return Future.failedFuture(new ParseException(ParseException.OPERATION_FORBIDDEN,
            "This user is not allowed to access non-existent class: " + className));
      }
      return pool.withTransaction(conn -> change(conn, className, wanted))
          .onSuccess(schema -> {
            cache.put(className, schema);
            vertx.eventBus().publish(CHANGED_ADDRESS, className);
          });
    });
  }

  private Future<ClassSchema> change(SqlConnection conn, String className, Map<String, FieldType> wanted) {
    String table = Names.quote(className);
    return conn.query(SchemaSql.QUIET).execute()
        .compose(v -> conn.preparedQuery(SchemaSql.LOCK_CLASS).execute(Tuple.of(className)))
        .compose(v -> conn.query(SchemaSql.createTable(table)).execute())
        .compose(v -> conn.preparedQuery(SchemaSql.INSERT_IF_ABSENT)
            .execute(Tuple.of(className, new ClassSchema(className, ClassSchema.defaultFields(),
                ClassSchema.openPermissions()).toJson())))
        .compose(v -> conn.preparedQuery(SchemaSql.SELECT_ONE_FOR_UPDATE).execute(Tuple.of(className)))
        .compose(rows -> {
          ClassSchema current = fromRow(rows.iterator().next());
          Map<String, FieldType> fields = new LinkedHashMap<>(current.fields());
          StringBuilder alter = new StringBuilder();
          java.util.List<String> joinTables = new java.util.ArrayList<>();
          for (Map.Entry<String, FieldType> field : wanted.entrySet()) {
            FieldType had = fields.get(field.getKey());
            if (had != null) {
              checkSame(className, field.getKey(), had, field.getValue());
              continue;
            }
            fields.put(field.getKey(), field.getValue());
            String sqlType = field.getValue().sqlType();
            if (field.getValue().type().equals("Relation")) {
              joinTables.add(SchemaSql.createJoinTable(Names.quote("_Join:" + field.getKey() + ":" + className)));
            }
            if (sqlType != null) {
              alter.append(alter.length() == 0 ? "ALTER TABLE " + table + " " : ", ")
                  .append("ADD COLUMN IF NOT EXISTS ").append(Names.quote(field.getKey())).append(' ').append(sqlType);
            }
          }
          ClassSchema updated = new ClassSchema(className, fields, current.classLevelPermissions());
          Future<?> altered = alter.length() == 0 ? Future.succeededFuture() : conn.query(alter.toString()).execute();
          for (String joinTable : joinTables) {
            altered = altered.compose(v -> conn.query(joinTable).execute());
          }
          return altered
              .compose(v -> conn.preparedQuery(SchemaSql.UPDATE).execute(Tuple.of(className, updated.toJson())))
              .map(v -> updated);
        });
  }

  private static boolean holds(ClassSchema schema, Map<String, FieldType> wanted) {
    for (Map.Entry<String, FieldType> field : wanted.entrySet()) {
      FieldType had = schema.field(field.getKey());
      if (had == null) {
        return false;
      }
      checkSame(schema.className(), field.getKey(), had, field.getValue());
    }
    return true;
  }

  private static void checkSame(String className, String field, FieldType had, FieldType given) {
    if (!had.equals(given)) {
      throw new ParseException(ParseException.INCORRECT_TYPE,
          "schema mismatch for " + className + "." + field + "; expected " + had + " but got " + given);
    }
  }

  private static ClassSchema fromRow(Row row) {
    Object schema = row.getValue("schema");
    JsonObject json = schema instanceof JsonObject object ? object : new JsonObject(String.valueOf(schema));
    return ClassSchema.fromJson(json);
  }
}
