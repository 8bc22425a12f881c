package dev.parsec.schema;

/** Every SQL statement about class schemas. */
final class SchemaSql {

  /** IF NOT EXISTS answers with a notice when the table is there already; that is expected, not news. */
  static final String QUIET = "SET LOCAL client_min_messages = warning";
  static final String SELECT_ONE = "SELECT \"schema\" FROM \"_SCHEMA\" WHERE \"className\" = $1";
  static final String SELECT_ALL = "SELECT \"schema\" FROM \"_SCHEMA\"";
  static final String SELECT_ONE_FOR_UPDATE = SELECT_ONE + " FOR UPDATE";
  static final String LOCK_CLASS = "SELECT pg_advisory_xact_lock(hashtext('schema:' || $1))";
  static final String INSERT_IF_ABSENT = "INSERT INTO \"_SCHEMA\" (\"className\", \"schema\", \"isParseClass\")"
      + " VALUES ($1, $2, true) ON CONFLICT (\"className\") DO NOTHING";
  static final String UPDATE = "UPDATE \"_SCHEMA\" SET \"schema\" = $2 WHERE \"className\" = $1";

  private SchemaSql() {
  }

  /** A relation's join table, as Parse Server's PostgreSQL adapter lays it out. */
  static String createJoinTable(String quotedTable) {
    return "CREATE TABLE IF NOT EXISTS " + quotedTable
        + " (\"relatedId\" varchar(120), \"owningId\" varchar(120), PRIMARY KEY (\"relatedId\", \"owningId\"))";
  }

  static String createTable(String quotedTable) {
    return "CREATE TABLE IF NOT EXISTS " + quotedTable + " (\"objectId\" text PRIMARY KEY,"
        + " \"createdAt\" timestamp with time zone, \"updatedAt\" timestamp with time zone,"
        + " \"_rperm\" text[], \"_wperm\" text[])";
  }
}
