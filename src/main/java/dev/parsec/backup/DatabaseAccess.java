package dev.parsec.backup;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalInt;

/**
 * The database a node with this configuration uses: database_url when set; otherwise the embedded
 * server in data_dir, the one a running node started (its port is in postmaster.pid) or, when no node
 * runs, one started here for the time of the command.
 */
final class DatabaseAccess implements AutoCloseable {

  /** Where and under which name Node keeps the embedded database. */
  private static final String EMBEDDED_FOLDER = "postgres";
  private static final String EMBEDDED_DATABASE = "parsec";

  private final DatabaseUrl url;
  private final EmbeddedPostgres startedHere;

  private DatabaseAccess(DatabaseUrl url, EmbeddedPostgres startedHere) {
    this.url = url;
    this.startedHere = startedHere;
  }

  /** The database; mustExist: refuse a data_dir with no embedded database in it (a backup of nothing). */
  static DatabaseAccess open(ParsecConfig config, PrintStream progress, boolean mustExist) {
    if (config.databaseUrl().isPresent()) {
      return new DatabaseAccess(config.databaseUrl().get(), null);
    }
    Path data = config.dataDir().resolve(EMBEDDED_FOLDER).toAbsolutePath();
    OptionalInt running = EmbeddedPostgres.runningPort(data);
    if (running.isPresent()) {
      DatabaseUrl url = new DatabaseUrl("127.0.0.1", running.getAsInt(), EMBEDDED_DATABASE, "postgres", "");
      try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
        progress.println("using the embedded PostgreSQL of the node running on " + data + " (port " + running.getAsInt() + ")");
        return new DatabaseAccess(url, null);
      } catch (SQLException e) {
        // starting our own would stop the one running (EmbeddedPostgres stops a leftover server): only when its process is gone
        if (EmbeddedPostgres.runningPid(data).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
          throw new BackupFailed("the embedded PostgreSQL running on " + data + " (port " + running.getAsInt()
              + ") does not answer: " + e.getMessage());
        }
      }
    }
    if (mustExist && !Files.exists(data.resolve("PG_VERSION"))) {
      throw new BackupFailed("no database to back up: database_url is not set and " + data
          + " holds no embedded PostgreSQL (set data_dir or database_url as the node has them)");
    }
    progress.println("starting the embedded PostgreSQL in " + data + " (no node is running on it)");
    EmbeddedPostgres pg = EmbeddedPostgres.start(data, List.of());
    try {
      return new DatabaseAccess(pg.database(EMBEDDED_DATABASE), pg);
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  DatabaseUrl url() {
    return url;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  @Override
  public void close() {
    if (startedHere != null) {
      startedHere.close();
    }
  }
}
