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
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

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
    try {
      migrateOrFail(url);
    } catch (FlywayException e) {
      if (DatabaseUnreachable.isConnectionFailure(e)) {
        throw new DatabaseUnreachable(url, e);
      }
      throw e;
    }
  }

  private static void migrateOrFail(DatabaseUrl url) {
    migrations(url).load().migrate();
  }

  /** Parsec's migrations of the system tables and their history table, for url. */
  public static FluentConfiguration migrations(DatabaseUrl url) {
    return Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .table("_parsec_migrations")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        // features built side by side land with interleaved version numbers; each migration checks
        // what exists (IF NOT EXISTS), so one that arrives after a higher one has run is still applied
        .outOfOrder(true);
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
    NetClientOptions transport = new NetClientOptions();
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
