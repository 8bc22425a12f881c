package dev.parsec.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every SQL statement about class schemas. Values are always bound; the builders below only take
 * identifiers that passed {@link Names} and type names from {@link FieldType}.
 */
final class SchemaSql {

  /** IF NOT EXISTS answers with a notice when the table is there already; that is expected, not news. */
  static final String QUIET = "SET LOCAL client_min_messages = warning";
  static final String SELECT_ONE = "SELECT \"schema\" FROM \"_SCHEMA\" WHERE \"className\" = $1";
  static final String SELECT_ONE_FOR_UPDATE = SELECT_ONE + " FOR UPDATE";
  static final String SELECT_ALL = "SELECT \"schema\" FROM \"_SCHEMA\" ORDER BY \"className\"";
  static final String LOCK_CLASS = "SELECT pg_advisory_xact_lock(hashtext('schema:' || $1))";
  static final String INSERT_IF_ABSENT = "INSERT INTO \"_SCHEMA\" (\"className\", \"schema\", \"isParseClass\")"
      + " VALUES ($1, $2, true) ON CONFLICT (\"className\") DO NOTHING";
  static final String INSERT = "INSERT INTO \"_SCHEMA\" (\"className\", \"schema\", \"isParseClass\") VALUES ($1, $2, true)";
  static final String UPDATE = "UPDATE \"_SCHEMA\" SET \"schema\" = $2 WHERE \"className\" = $1";
  static final String DELETE = "DELETE FROM \"_SCHEMA\" WHERE \"className\" = $1";
  /** Whether a table of that name exists in the current schema; $1 is the unquoted name. */
  static final String TABLE_EXISTS = "SELECT to_regclass(quote_ident($1)) IS NOT NULL";
  /** Which of the names in $1 a table or index of the current schema already uses: they share one namespace. */
  static final String RELATIONS_NAMED = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      + " WHERE n.nspname = current_schema() AND c.relname = ANY($1)";
  /** The language of text indexes; a $text query must build the same tsvector for the index to serve it. */
  static final String TEXT_SEARCH_CONFIG = "'english'::regconfig";

  private SchemaSql() {
  }

  static String createTable(String quotedTable) {
    return "CREATE TABLE IF NOT EXISTS " + quotedTable + " (\"objectId\" text PRIMARY KEY,"
        + " \"createdAt\" timestamp with time zone, \"updatedAt\" timestamp with time zone,"
        + " \"_rperm\" text[], \"_wperm\" text[])";
  }

  /** A column for each new field, and a join table for each new Relation, as Parse's PostgreSQL adapter lays them out. */
  static List<String> addFields(String className, Map<String, FieldType> added) {
    List<String> statements = new ArrayList<>();
    StringBuilder alter = new StringBuilder();
    added.forEach((field, type) -> {
      if (type.type().equals("Relation")) {
        statements.add(createJoinTable(Names.quote(Names.joinTable(className, field))));
      } else if (type.sqlType() != null) {
        alter.append(alter.length() == 0 ? "ALTER TABLE " + Names.quote(className) + " " : ", ")
            .append("ADD COLUMN IF NOT EXISTS ").append(Names.quote(field)).append(' ').append(type.sqlType());
      }
    });
    if (alter.length() > 0) {
      statements.add(0, alter.toString());
    }
    return statements;
  }

  /** Drops the columns of the deleted fields and the join tables of the deleted Relations. */
  static List<String> dropFields(String className, Map<String, FieldType> deleted) {
    List<String> statements = new ArrayList<>();
    StringBuilder alter = new StringBuilder();
    deleted.forEach((field, type) -> {
      if (type.type().equals("Relation")) {
        statements.add(dropTable(Names.quote(Names.joinTable(className, field))));
      } else if (type.sqlType() != null) {
        alter.append(alter.length() == 0 ? "ALTER TABLE " + Names.quote(className) + " " : ", ")
            .append("DROP COLUMN IF EXISTS ").append(Names.quote(field));
      }
    });
    if (alter.length() > 0) {
      statements.add(0, alter.toString());
    }
    return statements;
  }

  static String createJoinTable(String quotedJoinTable) {
    return "CREATE TABLE IF NOT EXISTS " + quotedJoinTable
        + " (\"relatedId\" text, \"owningId\" text, PRIMARY KEY (\"relatedId\", \"owningId\"))";
  }

  static String dropTable(String quotedTable) {
    return "DROP TABLE IF EXISTS " + quotedTable;
  }

  /** Keeps writers out until the transaction ends, so no object arrives between counting and dropping. */
  static String lockTable(String quotedTable) {
    return "LOCK TABLE " + quotedTable + " IN ACCESS EXCLUSIVE MODE";
  }

  static String countRows(String quotedTable) {
    return "SELECT count(*) FROM " + quotedTable;
  }

  /** @param columns quoted columns with ASC or DESC, or index expressions, each ready to list */
  static String createIndex(String quotedIndex, String quotedTable, String method, List<String> columns) {
    return "CREATE INDEX " + quotedIndex + " ON " + quotedTable + " USING " + method + " (" + String.join(", ", columns) + ")";
  }

  static String textSearchVector(String quotedColumn) {
    return "(to_tsvector(" + TEXT_SEARCH_CONFIG + ", " + quotedColumn + "))";
  }

  static String dropIndex(String quotedIndex) {
    return "DROP INDEX IF EXISTS " + quotedIndex;
  }
}
