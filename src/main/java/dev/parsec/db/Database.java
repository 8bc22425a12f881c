package dev.parsec.db;

import dev.parsec.config.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/** PostgreSQL access: migrations of the system tables at start, and the pipelined connection pools. */
public final class Database {

  /** Requests one connection may carry at once (PostgreSQL pipelining). */
  private static final int PIPELINING_LIMIT = 256;

  private Database() {
  }

  /**
   * Brings the system tables up to date. Runs once at start, before any verticle serves. A database
   * Parse Server made (tables, no history of ours) gets every migration too: they add to its layout.
   */
  public static void migrate(DatabaseUrl url) {
    Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .table("_parsec_migrations")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        // features built side by side land with interleaved version numbers; each migration checks
        // what exists (IF NOT EXISTS), so one that arrives after a higher one has run is still applied
        .outOfOrder(true)
        .load()
        .migrate();
  }

  /**
   * A pool bound to the calling verticle's event loop, so queries never hop threads. Its name labels
   * its metrics; each pool needs its own.
   */
  public static Pool pool(Vertx vertx, DatabaseUrl url, int size, String name) {
    return pool(vertx, url, size, name, java.time.Duration.ZERO);
  }

  /**
   * A pool whose statements PostgreSQL cancels after statementTimeout (zero: never): a request that
   * cannot finish in time fails, and its transaction rolls back rather than commit unseen.
   */
  public static Pool pool(Vertx vertx, DatabaseUrl url, int size, String name, java.time.Duration statementTimeout) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(1024)
        .setPipeliningLimit(PIPELINING_LIMIT);
    if (!statementTimeout.isZero()) {
      connect.addProperty("statement_timeout", String.valueOf(statementTimeout.toMillis()));
    }
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
