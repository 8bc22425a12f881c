package dev.parsec.support;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.db.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server tests use: PARSEC_TEST_DATABASE_URL when set, otherwise one embedded server
 * started once for the whole test run. Every caller gets a fresh database on it.
 */
public final class TestDatabases {

  private static DatabaseUrl server;
  /** The databases made on a server the tests were given (not their own), dropped when the run ends. */
  private static final List<String> made = new java.util.ArrayList<>();

  private TestDatabases() {
  }

  public static synchronized DatabaseUrl fresh() {
    DatabaseUrl admin = server();
    String name = "parsec_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
      c.createStatement().execute("CREATE DATABASE " + name);
      made.add(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + admin + ": " + e.getMessage(), e);
    }
    return admin.withDatabase(name);
  }

  /** A count or a value read straight from the database, to check what a write really left there. */
  public static long count(DatabaseUrl url, String sql) {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      var rs = c.createStatement().executeQuery(sql);
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Runs SQL (several statements, like a pg_dump --inserts script) on the database. */
  public static void execute(DatabaseUrl url, String sql) {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      c.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static DatabaseUrl server() {
    if (server == null) {
      String url = System.getenv("PARSEC_TEST_DATABASE_URL");
      if (url != null && !url.isBlank()) {
        server = DatabaseUrl.parse("PARSEC_TEST_DATABASE_URL", url);
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropMade));
      } else {
        EmbeddedPostgres pg = EmbeddedPostgres.start(TestDirs.create("pg").resolve("data"), List.of("fsync=off", "max_connections=300"));
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        server = new DatabaseUrl("127.0.0.1", pg.port(), "postgres", "postgres", "");
      }
    }
    return server;
  }

  private static synchronized void dropMade() {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
      for (String name : made) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    } catch (SQLException e) {
      System.err.println("test databases left on " + server + ": " + e.getMessage());
    }
  }

  /** Scratch directories any user can traverse (the embedded server may run as another user). */
  public static final class TestDirs {
    private TestDirs() {
    }

    public static Path create(String prefix) {
      try {
        Path dir = Files.createTempDirectory("parsec-" + prefix);
        dir.toFile().setExecutable(true, false);
        dir.toFile().setReadable(true, false);
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
