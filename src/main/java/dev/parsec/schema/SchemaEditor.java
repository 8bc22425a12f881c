package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates, changes and drops classes for /schemas. Each runs as one {@link SchemaStore#change}: the
 * schema row, the table, its columns, join tables and indexes commit together or not at all.
 */
final class SchemaEditor {

  /** PostgreSQL's duplicate_table, also raised for an index name that is taken. */
  private static final String DUPLICATE_NAME = "42P07";
  private static final String UNIQUE_VIOLATION = "23505";

  private final SchemaStore store;

  SchemaEditor(SchemaStore store) {
    this.store = store;
  }

  Future<ClassSchema> create(String className, SchemaBody body) {
    return store.change(className, conn -> SchemaStore.lockedRow(conn, className).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(new ParseException(ParseException.INVALID_CLASS_NAME, "Class " + className + " already exists."));
      }
      if (Names.SYSTEM_CLASSES.contains(className)) {
        // their default fields and hidden columns belong to the features that serve them
        return Future.failedFuture(new ParseException(ParseException.OPERATION_FORBIDDEN,
            "Class " + className + " is created by the server, not by /schemas."));
      }
      SchemaPlan plan = SchemaPlan.create(className, body);
      return apply(conn, plan)
          .compose(v -> conn.preparedQuery(SchemaSql.INSERT).execute(Tuple.of(className, plan.next().toJson())))
          .map(v -> plan.next());
    }));
  }

  Future<ClassSchema> update(String className, SchemaBody body) {
    return store.change(className, conn -> SchemaStore.lockedRow(conn, className).compose(existing -> {
      if (existing.isEmpty()) {
        return Future.failedFuture(doesNotExist(className));
      }
      SchemaPlan plan = SchemaPlan.update(existing.get(), body);
      return apply(conn, plan)
          .compose(v -> conn.preparedQuery(SchemaSql.UPDATE).execute(Tuple.of(className, plan.next().toJson())))
          .map(v -> plan.next());
    }));
  }

  /**
   * Drops an empty class: its table, its Relations' join tables and its schema row. A class that
   * does not exist is no error, as in Parse Server.
   */
  Future<Void> delete(String className) {
    String table = Names.quote(className);
    return store.change(className, conn -> SchemaStore.lockedRow(conn, className).compose(existing ->
        conn.preparedQuery(SchemaSql.TABLE_EXISTS).execute(Tuple.of(className))
            .compose(rows -> rows.iterator().next().getBoolean(0) ? emptyLocked(conn, className, table) : Future.succeededFuture())
            .compose(v -> {
              List<String> drops = new ArrayList<>();
              drops.add(SchemaSql.dropTable(table));
              existing.ifPresent(schema -> schema.fields().forEach((field, type) -> {
                if (type.type().equals("Relation")) {
                  drops.add(SchemaSql.dropTable(Names.quote(Names.joinTable(className, field))));
                }
              }));
              return SchemaStore.run(conn, drops);
            })
            .compose(v -> conn.preparedQuery(SchemaSql.DELETE).execute(Tuple.of(className)))
            .mapEmpty()));
  }

  static ParseException doesNotExist(String className) {
    return new ParseException(ParseException.INVALID_CLASS_NAME, "Class " + className + " does not exist.");
  }

  /**
   * Succeeds when the table is empty, and then holds it locked against writers until the transaction
   * ends. It is counted first without that lock, so that refusing a large class blocks nobody.
   */
  private static Future<Void> emptyLocked(SqlConnection conn, String className, String table) {
    return refuseObjects(conn, className, table)
        .compose(v -> conn.query(SchemaSql.lockTable(table)).execute())
        .compose(v -> refuseObjects(conn, className, table));
  }

  private static Future<Void> refuseObjects(SqlConnection conn, String className, String table) {
    return conn.query(SchemaSql.countRows(table)).execute().compose(rows -> {
      long count = rows.iterator().next().getLong(0);
      return count == 0 ? Future.succeededFuture() : Future.failedFuture(new ParseException(
          ParseException.SCHEMA_CHANGE_REFUSED, "Class " + className + " is not empty, contains " + count
          + " objects, cannot drop schema."));
    });
  }

  private static Future<Void> apply(SqlConnection conn, SchemaPlan plan) {
    return checkIndexNamesFree(conn, plan.newIndexNames())
        .compose(v -> SchemaStore.run(conn, plan.statements()))
        .recover(failure -> Future.failedFuture(nameTaken(failure)
            // another class took the name between the check and the creation
            ? IndexDefinition.invalid("Index cannot be created: the name is taken.") : failure));
  }

  /**
   * A relation name taken: duplicate_table, or, when two transactions create it at the same moment,
   * the unique violation of PostgreSQL's own catalog index.
   */
  private static boolean nameTaken(Throwable failure) {
    return failure instanceof PgException pg && (DUPLICATE_NAME.equals(pg.getSqlState())
        || (UNIQUE_VIOLATION.equals(pg.getSqlState()) && String.valueOf(pg.getErrorMessage()).contains("pg_class_relname_nsp_index")));
  }

  /** Index names share PostgreSQL's namespace with every table and index, of this class or another. */
  private static Future<Void> checkIndexNamesFree(SqlConnection conn, List<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(SchemaSql.RELATIONS_NAMED).execute(Tuple.tuple().addArrayOfString(names.toArray(String[]::new))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Row taken = rows.iterator().next();
      return Future.failedFuture(IndexDefinition.invalid("Index " + taken.getString(0)
          + " cannot be created: a table or index of that name exists already."));
    });
  }

  /** The schemas of all classes, for GET /schemas. */
  Future<List<ClassSchema>> all() {
    return store.readAll();
  }

  Future<ClassSchema> one(String className) {
    return store.read(className).map(schema -> schema.orElseThrow(() -> doesNotExist(className)));
  }
}
