package dev.parsec.db;

import dev.parsec.config.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL access: migrations of the system tables at start, and the pipelined connection pools. */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** The advisory lock key of migrations (any number, the same on every node). */
  private static final long MIGRATION_LOCK = 7_061_727_365_630_001L;

  /** Requests one connection may carry at once (PostgreSQL pipelining). */
  private static final int PIPELINING_LIMIT = 256;
  /** How long data sent to PostgreSQL may go unacknowledged by its host before the connection is given up. */
  private static final int UNACKNOWLEDGED_MILLIS = 30_000;

  private Database() {
  }

  /**
   * Brings the system tables up to date. Runs once at start, before any verticle serves. A database
   * Parse Server made (tables, no history of ours) gets every migration too: they add to its layout.
   */
  public static void migrate(DatabaseUrl url) {
    try {
      migrateAlone(url);
    } catch (FlywayException e) {
      if (DatabaseUnreachable.isConnectionFailure(e)) {
        throw new DatabaseUnreachable(url, e);
      }
      throw e;
    } catch (SQLException e) {
      if (DatabaseUnreachable.isConnectionFailure(e)) {
        throw new DatabaseUnreachable(url, e);
      }
      throw new IllegalStateException("database " + url.database() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Migrates while holding a lock of the database that every node takes first: nodes started together over a new
   * database would otherwise race in Flyway's first steps (one creating the history table while another, seeing it
   * empty, fails to baseline it). The lock is a transaction's, so it also holds through PgBouncer in transaction mode.
   */
  private static void migrateAlone(DatabaseUrl url) throws SQLException {
    try (Connection lock = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password()).getDataSource().getConnection()) {
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        migrateOrFail(url);
      } finally {
        lock.rollback();
      }
    }
  }

  private static void migrateOrFail(DatabaseUrl url) {
    Flyway inOrder = flyway(url, false);
    // features built side by side land with interleaved version numbers; each migration checks what exists
    // (IF NOT EXISTS), so one that arrives after a higher one has run is still applied. Flyway warns whenever
    // out-of-order mode is on, so it is on only when such a migration is waiting
    boolean lateArrivals = Arrays.stream(inOrder.info().all())
        .anyMatch(migration -> migration.getState() == MigrationState.IGNORED);
    long began = System.nanoTime();
    int applied = (lateArrivals ? flyway(url, true) : inOrder).migrate().migrationsExecuted;
    if (applied > 0) {
      LOG.info("database {}: {} migrations applied in {} s", url.database(), applied,
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - began) / 1e9));
    }
  }

  /** Parsec's migrations of the system tables and their history table, for url (in order). */
  public static Flyway migrations(DatabaseUrl url) {
    return flyway(url, false);
  }

  private static Flyway flyway(DatabaseUrl url, boolean outOfOrder) {
    return Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .table("_parsec_migrations")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .outOfOrder(outOfOrder)
        // the migrations' IF NOT EXISTS answer "already exists, skipping" as NOTICEs, which Flyway relays as
        // warnings; PostgreSQL's warnings and errors still come through
        .initSql("SET client_min_messages = warning")
        .load();
  }

  /**
   * A pool bound to the calling verticle's event loop, so queries never hop threads. Its name labels
   * its metrics; each pool needs its own.
   */
  public static Pool pool(Vertx vertx, DatabaseUrl url, int size, String name) {
    return pool(vertx, url, size, name, true);
  }

  /** A pool; preparedStatements false for PgBouncer in transaction mode (database_prepared_statements). */
  public static Pool pool(Vertx vertx, DatabaseUrl url, int size, String name, boolean preparedStatements) {
    return pool(vertx, url, size, name, java.time.Duration.ZERO, preparedStatements);
  }

  /**
   * A pool whose statements PostgreSQL cancels after statementTimeout (zero: never): a request that
   * cannot finish in time fails, and its transaction rolls back rather than commit unseen.
   */
  public static Pool pool(Vertx vertx, DatabaseUrl url, int size, String name, java.time.Duration statementTimeout,
      boolean preparedStatements) {
    PgConnectOptions connect = connectOptions(url, preparedStatements);
    if (!statementTimeout.isZero()) {
      connect.addProperty("statement_timeout", String.valueOf(statementTimeout.toMillis()));
    }
    // A PostgreSQL gone silent (a host down, packets dropped) fails the statements sent to it after this long
    // instead of the kernel's 15 minutes of retransmissions, so nothing waiting on them stalls (epoll transport).
    NetClientOptions transport = new NetClientOptions();
    transport.setTcpUserTimeout(UNACKNOWLEDGED_MILLIS);
    if (url.connectTimeoutSeconds() > 0) {
      transport.setConnectTimeout(url.connectTimeoutSeconds() * 1000);
    }
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name))
        .with(transport)
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * The pool's connection settings. Without prepared statements, each query is parsed in the unnamed
   * statement and one query at a time goes on a connection: PgBouncer in transaction mode hands each
   * transaction a different server connection, where a named statement or a pipelined query would be lost.
   */
  static PgConnectOptions connectOptions(DatabaseUrl url, boolean preparedStatements) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password())
        .setSslMode(url.sslMode())
        .setCachePreparedStatements(preparedStatements)
        .setPipeliningLimit(preparedStatements ? PIPELINING_LIMIT : 1);
    if (preparedStatements) {
      connect.setPreparedStatementCacheMaxSize(1024);
    }
    connect.addProperty("application_name", url.applicationName());
    if (url.sslMode() != SslMode.DISABLE) {
      connect.setSslOptions(ssl(url));
    }
    return connect;
  }

  /**
   * As libpq: verify-full checks the chain and the host name, verify-ca the chain only; require, prefer
   * and allow encrypt without checking who answers.
   */
  private static ClientSSLOptions ssl(DatabaseUrl url) {
    ClientSSLOptions ssl = new ClientSSLOptions().setHostnameVerificationAlgorithm("");
    switch (url.sslMode()) {
      case VERIFY_FULL, VERIFY_CA -> {
        ssl.setTrustOptions(url.sslRootCert()
            .<TrustOptions>map(file -> new PemTrustOptions().addCertPath(file.toString()))
            .orElseGet(Database::jvmTrustStore));
        if (url.sslMode() == SslMode.VERIFY_FULL) {
          ssl.setHostnameVerificationAlgorithm("HTTPS");
        }
      }
      default -> ssl.setTrustAll(true);
    }
    return ssl;
  }

  private static TrustOptions jvmTrustStore() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return TrustOptions.wrap(factory);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM's trust store cannot be read: " + e.getMessage(), e);
    }
  }
}
