package dev.parsec.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Table definitions read from PostgreSQL's catalog (in the backup's snapshot), as statements that make
 * them again. We read the catalog rather than replay Flyway's migrations and rebuild the class tables
 * from _SCHEMA with the schema package: the catalog is what the data was really stored in (a database
 * moved from Parse Server, a column or index added by hand, an index auto_index built), and a backup
 * made by this Parsec restores under a later one, whose migrations then run forward from the history
 * table restored with it.
 *
 * <p>Covered: the tables of Parsec's schema (current_schema()) with their columns, defaults, collations,
 * NOT NULL, primary keys, unique, check, exclusion and foreign key constraints, indexes and column
 * storage, and the schema's sequences. Not covered (Parsec makes none): views, functions, triggers,
 * identity columns, partitioned tables, other schemas.
 */
final class CatalogReader {

  /** A table of the schema, with its catalog id. */
  record Table(long oid, String name) {
  }

  private final Connection connection;

  CatalogReader(Connection connection) {
    this.connection = connection;
  }

  List<Table> tables() throws SQLException {
    List<Table> tables = new ArrayList<>();
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT c.oid, c.relname, c.relkind FROM pg_class c"
             + " JOIN pg_namespace n ON n.oid = c.relnamespace"
             + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname")) {
      while (rs.next()) {
        if ("p".equals(rs.getString(3))) {
          throw new BackupFailed("table " + rs.getString(2) + " is partitioned, which backup does not handle");
        }
        tables.add(new Table(rs.getLong(1), rs.getString(2)));
      }
    }
    return tables;
  }

  /**
   * LOCK TABLE ... ACCESS SHARE: no column can be added or dropped until the backup ends; reads and writes
   * go on. Taken before the transaction's first query, the locks are held when its snapshot is taken, so
   * the definitions read in the snapshot are those the data was written under.
   */
  void lock(List<String> tables) throws SQLException {
    if (tables.isEmpty()) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("LOCK TABLE " + String.join(", ", tables.stream().map(Sql::quote).toList()) + " IN ACCESS SHARE MODE");
    }
  }

  /** The CREATE TABLE statement (columns only) and the columns a COPY carries (all but generated ones). */
  record Columns(String createTable, List<String> copied, List<String> storage) {
  }

  Columns columns(Table table) throws SQLException {
    List<String> definitions = new ArrayList<>();
    List<String> copied = new ArrayList<>();
    List<String> storage = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
        + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
        + " CASE WHEN a.attcollation <> t.typcollation THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)"
        + "   FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END,"
        + " a.attstorage, t.typstorage"
        + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      s.setLong(1, table.oid());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          if (!rs.getString(5).isEmpty()) {
            throw new BackupFailed("column " + name + " of " + table.name() + " is an identity column, which backup does not handle");
          }
          StringBuilder column = new StringBuilder(Sql.quote(name)).append(' ').append(rs.getString(2));
          if (rs.getString(7) != null) {
            column.append(" COLLATE ").append(rs.getString(7));
          }
          String expression = rs.getString(4);
          boolean generated = !rs.getString(6).isEmpty();
          if (generated) {
            column.append(" GENERATED ALWAYS AS (").append(expression).append(") STORED");
          } else {
            copied.add(name);
            if (expression != null) {
              column.append(" DEFAULT ").append(expression);
            }
          }
          if (rs.getBoolean(3)) {
            column.append(" NOT NULL");
          }
          definitions.add(column.toString());
          if (!rs.getString(8).equals(rs.getString(9))) {
            storage.add("ALTER TABLE " + Sql.quote(table.name()) + " ALTER COLUMN " + Sql.quote(name) + " SET STORAGE "
                + storageName(rs.getString(8)));
          }
        }
      }
    }
    return new Columns("CREATE TABLE " + Sql.quote(table.name()) + " (" + String.join(", ", definitions) + ")", copied, storage);
  }

  /** ALTER TABLE ... ADD CONSTRAINT for each constraint of the table; foreign keys when foreignKeys, the others when not. */
  List<String> constraints(Table table, boolean foreignKeys) throws SQLException {
    List<String> statements = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        + " WHERE conrelid = ? AND contype IN ('p', 'u', 'c', 'x', 'f') AND (contype = 'f') = ?"
        + " ORDER BY contype = 'p' DESC, conname")) {
      s.setLong(1, table.oid());
      s.setBoolean(2, foreignKeys);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          statements.add("ALTER TABLE " + Sql.quote(table.name()) + " ADD CONSTRAINT " + Sql.quote(rs.getString(1))
              + " " + rs.getString(2));
        }
      }
    }
    return statements;
  }

  /**
   * CREATE INDEX for each valid index that no constraint made (those come back with their constraint).
   * An index being built CONCURRENTLY when the backup starts is not valid yet and is left out.
   */
  List<String> indexes(Table table) throws SQLException {
    List<String> statements = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
        + " JOIN pg_class c ON c.oid = i.indexrelid"
        + " WHERE i.indrelid = ? AND i.indisvalid AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
        + "   WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))"
        + " ORDER BY c.relname")) {
      s.setLong(1, table.oid());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          statements.add(rs.getString(1));
        }
      }
    }
    return statements;
  }

  /** CREATE SEQUENCE for each sequence of the schema; the setval that puts it where it was and its owning column, for after the data. */
  record Sequences(List<String> create, List<String> values) {
  }

  Sequences sequences() throws SQLException {
    List<String> create = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT c.relname, format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement,"
             + " q.seqmin, q.seqmax, q.seqcache, q.seqcycle FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid"
             + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY c.relname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
        create.add("CREATE SEQUENCE " + Sql.quote(rs.getString(1)) + " AS " + rs.getString(2) + " START WITH " + rs.getLong(3)
            + " INCREMENT BY " + rs.getLong(4) + " MINVALUE " + rs.getLong(5) + " MAXVALUE " + rs.getLong(6)
            + " CACHE " + rs.getLong(7) + (rs.getBoolean(8) ? " CYCLE" : " NO CYCLE"));
      }
    }
    for (String name : names) {
      // a sequence is outside transactions: this reads its value now, at or past the snapshot's, which never hands a number out twice
      try (Statement s = connection.createStatement();
           ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + Sql.quote(name))) {
        rs.next();
        values.add("SELECT setval('" + Sql.quote(name).replace("'", "''") + "', " + rs.getLong(1) + ", " + rs.getBoolean(2) + ")");
      }
    }
    // a serial column's sequence goes with its table when the table is dropped
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT q.relname, t.relname, a.attname FROM pg_depend d"
             + " JOIN pg_class q ON q.oid = d.objid AND q.relkind = 'S'"
             + " JOIN pg_namespace n ON n.oid = q.relnamespace AND n.nspname = current_schema()"
             + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
             + " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'"
             + " ORDER BY q.relname")) {
      while (rs.next()) {
        values.add("ALTER SEQUENCE " + Sql.quote(rs.getString(1)) + " OWNED BY " + Sql.quote(rs.getString(2)) + "."
            + Sql.quote(rs.getString(3)));
      }
    }
    return new Sequences(create, values);
  }

  private static String storageName(String code) {
    return switch (code) {
      case "p" -> "PLAIN";
      case "e" -> "EXTERNAL";
      case "m" -> "MAIN";
      default -> "EXTENDED";
    };
  }
}
