package dev.parsec.schema;

import dev.parsec.cluster.NodeDrops;
import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Class schemas: read from _SCHEMA and cached, extended when a write brings new fields. A change is
 * made in one transaction (schema row, table, columns) under an advisory lock on the class; once it
 * committed, every node has dropped its cached copy before the change is answered.
 */
public final class SchemaStore {

  /** Published after every change, for anything that follows schemas. */
  public static final String CHANGED_ADDRESS = "parsec.schema.changed";

  /** PostgreSQL's too_many_columns. */
  private static final String TOO_MANY_COLUMNS = "54011";

  private final Vertx vertx;
  private final Pool pool;
  private final SchemaCache cache;
  private final NodeDrops drops;

  public SchemaStore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.cache = SchemaCache.of(vertx);
    this.drops = new NodeDrops(vertx, "schema", cache::drop);
  }

  /** Starts listening for changes made on other nodes; completes once the consumers are registered. */
  public Future<Void> listen() {
    Future<Void> published = vertx.eventBus().<String>consumer(CHANGED_ADDRESS, message -> cache.drop(message.body())).completion();
    return Future.all(published, drops.listen()).mapEmpty();
  }

  public Future<Optional<ClassSchema>> find(String className) {
    ClassSchema cached = cache.get(className);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    long mark = cache.mark();
    return read(className).onSuccess(schema -> schema.ifPresent(found -> cache.putUnlessDropped(className, found, mark)));
  }

  /** The class's schema as _SCHEMA holds it now, bypassing the cache. */
  public Future<Optional<ClassSchema>> read(String className) {
    return pool.preparedQuery(SchemaSql.SELECT_ONE).execute(Tuple.of(className))
        .map(rows -> rows.size() == 0 ? Optional.<ClassSchema>empty() : Optional.of(fromRow(rows.iterator().next())));
  }

  /** Every class's schema by name: from the cache when it holds them all, else read from _SCHEMA. */
  public Future<Map<String, ClassSchema>> all() {
    Map<String, ClassSchema> cached = cache.allIfComplete();
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long mark = cache.mark();
    return readAll().map(all -> cache.putAllUnlessDropped(all, mark));
  }

  /** Every class's schema as _SCHEMA holds it now, by class name. */
  public Future<List<ClassSchema>> readAll() {
    return pool.query(SchemaSql.SELECT_ALL).execute().map(rows -> {
      List<ClassSchema> all = new ArrayList<>();
      rows.forEach(row -> all.add(fromRow(row)));
      return all;
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
      return change(className, conn -> addFields(conn, className, wanted));
    });
  }

  /**
   * Runs one change of a class: in one transaction that holds the class's advisory lock, so changes
   * of a class from any node happen one after the other. Once committed, the change is announced
   * and its result given only when every node has dropped its cached copy.
   */
  <T> Future<T> change(String className, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.query(SchemaSql.QUIET).execute()
            .compose(v -> conn.preparedQuery(SchemaSql.LOCK_CLASS).execute(Tuple.of(className)))
            .compose(v -> work.apply(conn)))
        .compose(result -> {
          vertx.eventBus().publish(CHANGED_ADDRESS, className);
          return drops.announce(className).map(result);
        });
  }


  /** The class's stored schema, its row locked until the transaction ends. */
  static Future<Optional<ClassSchema>> lockedRow(SqlConnection conn, String className) {
    return conn.preparedQuery(SchemaSql.SELECT_ONE_FOR_UPDATE).execute(Tuple.of(className))
        .map(rows -> rows.size() == 0 ? Optional.<ClassSchema>empty() : Optional.of(fromRow(rows.iterator().next())));
  }

  /** Runs DDL statements one after the other on the transaction's connection. */
  static Future<Void> run(SqlConnection conn, List<String> statements) {
    Future<Void> done = Future.succeededFuture();
    for (String statement : statements) {
      done = done.compose(v -> conn.query(statement).execute().mapEmpty());
    }
    return done.recover(failure -> Future.failedFuture(failure instanceof PgException pg && TOO_MANY_COLUMNS.equals(pg.getSqlState())
        ? new ParseException(ParseException.SCHEMA_CHANGE_REFUSED, "The class cannot take more fields: PostgreSQL allows"
            + " 1600 columns in a table over its life, deleted fields included.")
        : failure));
  }

  private Future<ClassSchema> addFields(SqlConnection conn, String className, Map<String, FieldType> wanted) {
    return conn.query(SchemaSql.createTable(Names.quote(className))).execute()
        .compose(v -> conn.preparedQuery(SchemaSql.INSERT_IF_ABSENT)
            .execute(Tuple.of(className, new ClassSchema(className, ClassSchema.defaultFields(),
                ClassSchema.openPermissions()).toJson())))
        .compose(v -> lockedRow(conn, className))
        .compose(row -> {
          ClassSchema current = row.orElseThrow();
          Map<String, FieldType> fields = new LinkedHashMap<>(current.fields());
          Map<String, FieldType> added = new LinkedHashMap<>();
          for (Map.Entry<String, FieldType> field : wanted.entrySet()) {
            FieldType had = fields.get(field.getKey());
            if (had != null) {
              checkSame(className, field.getKey(), had, field.getValue());
              continue;
            }
            fields.put(field.getKey(), field.getValue());
            added.put(field.getKey(), field.getValue());
          }
          ClassSchema updated = current.withFields(fields);
          return run(conn, SchemaSql.addFields(className, added))
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
