package dev.parsec.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Migrations: one that arrives after a higher one has run is still applied")
class LateMigrationTest {

  @Test
  @DisplayName("a database missing V12 while V24 has run gets V12 at the next start (out of order only then)")
  void lateArrival() throws SQLException {
    DatabaseUrl url = TestDatabases.fresh();
    Database.migrate(url);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      // as a database migrated by a build that did not have V12 yet
      c.createStatement().execute("DELETE FROM _parsec_migrations WHERE version = '12'");
      c.createStatement().execute("ALTER TABLE \"_Session\" DROP COLUMN restricted");
    }

    Database.migrate(url);

    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      ResultSet applied = c.createStatement().executeQuery("SELECT success FROM _parsec_migrations WHERE version = '12'");
      applied.next();
      assertEquals(true, applied.getBoolean(1), "V12 applied");
      ResultSet column = c.createStatement().executeQuery(
          "SELECT count(*) FROM information_schema.columns WHERE table_name = '_Session' AND column_name = 'restricted'");
      column.next();
      assertEquals(1, column.getInt(1), "and its column made");
    }
  }
}
