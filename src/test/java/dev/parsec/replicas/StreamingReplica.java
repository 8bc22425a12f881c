package dev.parsec.replicas;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.db.EmbeddedPostgres;
import dev.parsec.support.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A PostgreSQL primary and a real streaming replica of it, made with only the embedded binaries (initdb,
 * pg_ctl, postgres): the primary's data folder copied between pg_backup_start and pg_backup_stop, the
 * backup_label that pg_backup_stop answers written beside it, standby.signal and primary_conninfo, then the
 * copy started on a port of its own. That is what pg_basebackup does, without needing its binary.
 */
final class StreamingReplica implements AutoCloseable {

  private final EmbeddedPostgres primary;
  private final EmbeddedPostgres replica;
  private boolean replicaStopped;

  private StreamingReplica(EmbeddedPostgres primary, EmbeddedPostgres replica) {
    this.primary = primary;
    this.replica = replica;
  }

  /** A primary holding the database, and its replica, streaming. */
  static StreamingReplica start(String database) {
    Path dir = TestDatabases.TestDirs.create("replication");
    Path primaryData = dir.resolve("primary");
    EmbeddedPostgres primary = EmbeddedPostgres.start(primaryData,
        List.of("fsync=off", "wal_level=replica", "max_wal_senders=4", "max_connections=200"));
    try {
      primary.database(database);
      Path replicaData = dir.resolve("replica");
      baseBackup(admin(primary.port()), primaryData, replicaData);
      Files.writeString(replicaData.resolve("standby.signal"), "");
      Files.writeString(replicaData.resolve("postgresql.auto.conf"),
          "\nprimary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=postgres application_name=test-replica'\n",
          StandardOpenOption.APPEND);
      EmbeddedPostgres replica = EmbeddedPostgres.start(replicaData, List.of("fsync=off", "max_connections=200"));
      return new StreamingReplica(primary, replica);
    } catch (IOException | SQLException | RuntimeException e) {
      primary.close();
      throw new IllegalStateException("the test's replica could not be made: " + e.getMessage(), e);
    }
  }

  DatabaseUrl primary(String database) {
    return new DatabaseUrl("127.0.0.1", primary.port(), database, "postgres", "");
  }

  DatabaseUrl replica(String database) {
    return new DatabaseUrl("127.0.0.1", replica.port(), database, "postgres", "");
  }

  /** Stops applying the primary's WAL (the replica still streams it and answers queries). */
  void pauseReplay() {
    sql(replica.port(), "SELECT pg_wal_replay_pause()");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"paused".equals(sql(replica.port(), "SELECT pg_get_wal_replay_pause_state()"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the replica's replay did not pause");
      }
      sleep(20);
    }
  }

  void resumeReplay() {
    sql(replica.port(), "SELECT pg_wal_replay_resume()");
  }

  /** The replica is streaming from the primary, as the primary sees it. */
  boolean streaming() {
    return "streaming".equals(sql(primary.port(), "SELECT state FROM pg_stat_replication WHERE application_name = 'test-replica'"));
  }

  void stopReplica() {
    replica.close();
    replicaStopped = true;
  }

  @Override
  public void close() {
    if (!replicaStopped) {
      replica.close();
    }
    primary.close();
  }

  private static void baseBackup(DatabaseUrl admin, Path from, Path to) throws IOException, SQLException {
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
      // the same session must start and stop the backup (the non-exclusive low-level API)
      c.createStatement().execute("SELECT pg_backup_start('parsec-test', true)");
      copy(from, to);
      try (ResultSet stop = c.createStatement().executeQuery("SELECT labelfile FROM pg_backup_stop(true)")) {
        stop.next();
        Path label = to.resolve("backup_label");
        Files.writeString(label, stop.getString(1));
        Files.setPosixFilePermissions(label, PosixFilePermissions.fromString("rw-------"));
        Files.setOwner(label, Files.getOwner(to));
      }
    }
    for (String file : List.of("postmaster.pid", "postmaster.opts", "server.log")) {
      Files.deleteIfExists(to.resolve(file));
    }
  }

  /** cp -a keeps owners and modes: the server's own user (nobody, when the tests run as root) owns the copy too. */
  private static void copy(Path from, Path to) throws IOException {
    Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).redirectErrorStream(true).start();
    try {
      String output = new String(cp.getInputStream().readAllBytes());
      if (cp.waitFor() != 0) {
        throw new IOException("cp -a failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static DatabaseUrl admin(int port) {
    return new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "");
  }

  static String sql(int port, String query) {
    DatabaseUrl admin = admin(port);
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         ResultSet rs = c.createStatement().executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
