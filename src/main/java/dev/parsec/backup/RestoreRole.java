package dev.parsec.backup;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The role schema.json's statements run as. They are SQL read from the backup folder, and a superuser
 * (the embedded PostgreSQL's user, often database_url's too) running them would let whoever could write
 * that folder run programs and read or write files on the database server (COPY ... TO PROGRAM,
 * pg_read_file, lo_export). So a restoring user that may do such things first makes, inside the restore's
 * transaction, a role that may only create in the schema, runs the statements as it, then gives what it
 * made back to the restoring user and drops it: a rollback leaves no trace of it.
 */
final class RestoreRole {

  private final String name;
  private final String owner;

  private RestoreRole(String name, String owner) {
    this.name = name;
    this.owner = owner;
  }

  /** Becomes the restricted role when the connection's user is privileged; empty when it may not escape the database anyway. */
  static Optional<RestoreRole> enter(Connection c) throws SQLException {
    String user;
    String schema;
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT current_user, current_schema(), rolsuper"
             + " OR pg_has_role(current_user, 'pg_execute_server_program', 'USAGE')"
             + " OR pg_has_role(current_user, 'pg_read_server_files', 'USAGE')"
             + " OR pg_has_role(current_user, 'pg_write_server_files', 'USAGE')"
             + " FROM pg_roles WHERE rolname = current_user")) {
      rs.next();
      user = rs.getString(1);
      schema = rs.getString(2);
      if (!rs.getBoolean(3)) {
        return Optional.empty();
      }
    }
    if (schema == null) {
      throw new BackupFailed("the restoring user has no schema to restore into (search_path names none that exists; nothing was restored)");
    }
    String name = "parsec_restore_" + HexFormat.of().formatHex(randomBytes());
    try (Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + Sql.quote(name) + " NOLOGIN");
      s.execute("GRANT USAGE, CREATE ON SCHEMA " + Sql.quote(schema) + " TO " + Sql.quote(name));
      s.execute("SET LOCAL ROLE " + Sql.quote(name));
      s.execute("SET LOCAL search_path = " + Sql.quote(schema));
    }
    return Optional.of(new RestoreRole(name, user));
  }

  /**
   * Refuses what a backup never makes but the statements could have: functions, views and other kinds of
   * relation, types, rules, triggers and row policies. Those would later run, or be read, as the nodes' user.
   */
  void refuseOtherObjects(Connection c) throws SQLException {
    String check = "SELECT what FROM ("
        + " SELECT d.classid::regclass::text || ' ' || d.objid AS what FROM pg_shdepend d"
        + "  WHERE d.deptype = 'o' AND d.refobjid = (SELECT oid FROM pg_roles WHERE rolname = ?)"
        + "  AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
        + "  AND NOT (d.classid = 'pg_class'::regclass AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('r', 'p', 'S', 'i', 'I'))"
        + " UNION ALL SELECT 'rule ' || r.rulename FROM pg_rewrite r JOIN pg_class t ON t.oid = r.ev_class"
        + "  JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p')"
        + " UNION ALL SELECT 'trigger ' || g.tgname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid"
        + "  JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND NOT g.tgisinternal"
        + " UNION ALL SELECT 'policy ' || p.polname FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid"
        + "  JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()"
        + ") found LIMIT 1";
    try (java.sql.PreparedStatement s = c.prepareStatement(check)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          throw new BackupFailed(DatabaseLayout.NAME + " makes " + rs.getString(1)
              + ", which no Parsec backup holds (tables, sequences, constraints and indexes only; nothing was restored)");
        }
      }
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /** Back to the restoring user, who owns what the restore made; the restricted role is gone. */
  void leave(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("RESET ROLE");
      s.execute("REASSIGN OWNED BY " + Sql.quote(name) + " TO " + Sql.quote(owner));
      s.execute("DROP OWNED BY " + Sql.quote(name));
      s.execute("DROP ROLE " + Sql.quote(name));
    }
  }
}
