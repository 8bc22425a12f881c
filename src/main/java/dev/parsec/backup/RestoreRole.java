package dev.parsec.backup;

import dev.parsec.config.DatabaseUrl;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The user schema.json's statements run as. They are SQL read from the backup folder, and a superuser
 * (the embedded PostgreSQL's user, often database_url's too) running them would let whoever could write
 * that folder run programs and read or write files on the database server (COPY ... TO PROGRAM,
 * pg_read_file, lo_export). So a restoring user that may do such things first makes a login role that may
 * only create in the schema, and the restore connects as it: its own session, so that no RESET ROLE or
 * set_config('role', ...) in the statements can return to the superuser (SET ROLE would allow both). Once
 * its transaction committed, what it made is handed to the restoring user and the role is dropped.
 */
final class RestoreRole {

  private static final String PREFIX = "parsec_restore_";

  private final String name;
  private final String password;
  private final DatabaseUrl url;
  private final String schema;

  private RestoreRole(String name, String password, DatabaseUrl url, String schema) {
    this.name = name;
    this.password = password;
    this.url = url;
    this.schema = schema;
  }

  /** Makes the role when the connection's user is privileged; empty when that user cannot leave the database anyway. */
  static Optional<RestoreRole> create(Connection admin, DatabaseUrl url) throws SQLException {
    String schema;
    try (Statement s = admin.createStatement();
         ResultSet rs = s.executeQuery("SELECT current_schema(), rolsuper"
             + " OR pg_has_role(current_user, 'pg_execute_server_program', 'USAGE')"
             + " OR pg_has_role(current_user, 'pg_read_server_files', 'USAGE')"
             + " OR pg_has_role(current_user, 'pg_write_server_files', 'USAGE')"
             + " FROM pg_roles WHERE rolname = current_user")) {
      rs.next();
      schema = rs.getString(1);
      if (!rs.getBoolean(2)) {
        return Optional.empty();
      }
    }
    if (schema == null) {
      throw new BackupFailed("the restoring user has no schema to restore into (search_path names none that exists;"
          + " nothing was restored)");
    }
    String name = PREFIX + hex(6);
    String password = hex(24);
    boolean autoCommit = admin.getAutoCommit();
    admin.setAutoCommit(true);
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE ROLE " + Sql.quote(name) + " LOGIN CONNECTION LIMIT 1 PASSWORD '" + password
          + "' VALID UNTIL '" + java.time.Instant.now().plus(java.time.Duration.ofDays(1)) + "'");
      s.execute("GRANT USAGE, CREATE ON SCHEMA " + Sql.quote(schema) + " TO " + Sql.quote(name));
    } finally {
      admin.setAutoCommit(autoCommit);
    }
    DatabaseUrl as = new DatabaseUrl(url.host(), url.port(), url.database(), name, password, url.sslMode(), url.sslRootCert(),
        url.connectTimeoutSeconds(), url.applicationName());
    return Optional.of(new RestoreRole(name, password, as, schema));
  }

  /** A session of the role, in the schema to restore into. */
  Connection connect() throws SQLException {
    Connection c;
    try {
      c = DriverManager.getConnection(url.jdbcUrl(), name, password);
    } catch (SQLException e) {
      throw new BackupFailed("the restoring user is a superuser, so restore runs the backup's SQL as a role it makes, " + name
          + ", which cannot log in (" + e.getMessage() + "): let it in pg_hba.conf (password), or restore as a user that is"
          + " not a superuser (nothing was restored)", e);
    }
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path = " + Sql.quote(schema));
    }
    return c;
  }

  /**
   * Refuses what a backup never makes but the statements could have: functions, views and other kinds of
   * relation, types, rules, triggers and row policies. Those would later run, or be read, as the nodes' user.
   */
  void refuseOtherObjects(Connection as) throws SQLException {
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
    try (PreparedStatement s = as.prepareStatement(check)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          throw new BackupFailed(DatabaseLayout.NAME + " makes " + rs.getString(1)
              + ", which no Parsec backup holds (tables, sequences, constraints and indexes only; nothing was restored)");
        }
      }
    }
  }

  /** What the role made goes to the restoring user (admin's), in one transaction; then the role is gone. */
  void handOver(Connection admin) throws SQLException {
    String owner;
    try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      owner = rs.getString(1);
    }
    boolean autoCommit = admin.getAutoCommit();
    admin.setAutoCommit(false);
    try (Statement s = admin.createStatement()) {
      s.execute("REASSIGN OWNED BY " + Sql.quote(name) + " TO " + Sql.quote(owner));
      s.execute("DROP OWNED BY " + Sql.quote(name));
      s.execute("DROP ROLE " + Sql.quote(name));
      admin.commit();
    } catch (SQLException e) {
      admin.rollback();
      throw e;
    } finally {
      admin.setAutoCommit(autoCommit);
    }
  }

  /** After a failed restore: the role goes, with the grant it had (it owns nothing, its transaction rolled back). */
  void drop(Connection admin) {
    try {
      admin.setAutoCommit(true);
      try (Statement s = admin.createStatement()) {
        s.execute("DROP OWNED BY " + Sql.quote(name));
        s.execute("DROP ROLE " + Sql.quote(name));
      }
    } catch (SQLException e) {
      // best effort: the failure being reported is the restore's; the role expires within a day
    }
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
