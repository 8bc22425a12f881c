package dev.parsec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("database_url reads libpq's connection parameters, refuses the rest, and never shows the password")
class DatabaseUrlTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a plain URL keeps today's meaning: no TLS, application_name parsec, the drivers' connect timeouts")
  void plain() {
    DatabaseUrl url = DatabaseUrl.parse("database_url", "postgres://app:p%40ss@db.example:6432/parse");
    assertEquals(new DatabaseUrl("db.example", 6432, "parse", "app", "p@ss"), url);
    assertEquals(SslMode.DISABLE, url.sslMode());
    assertEquals("jdbc:postgresql://db.example:6432/parse?sslmode=disable&ApplicationName=parsec", url.jdbcUrl());
    assertEquals("postgres://app@db.example:6432/parse", url.toString());
  }

  @Test
  @DisplayName("every parameter reaches the JDBC URL Flyway uses; toString shows the TLS settings but not the password")
  void full() throws Exception {
    Path root = pem("root.crt");
    DatabaseUrl url = DatabaseUrl.parse("database_url", "postgresql://app:hunter2hunter2@db:5432/parse?sslmode=verify-full&sslrootcert="
        + root + "&connect_timeout=7&application_name=my%20api");
    assertEquals(SslMode.VERIFY_FULL, url.sslMode());
    assertEquals(Optional.of(root.toAbsolutePath()), url.sslRootCert());
    assertEquals(7, url.connectTimeoutSeconds());
    assertEquals("my api", url.applicationName());
    assertTrue(url.tls());
    assertEquals("jdbc:postgresql://db:5432/parse?sslmode=verify-full&sslrootcert=" + java.net.URLEncoder.encode(root.toAbsolutePath().toString(),
        java.nio.charset.StandardCharsets.UTF_8) + "&connectTimeout=7&ApplicationName=my+api", url.jdbcUrl());
    assertFalse(url.toString().contains("hunter2"), url.toString());
    assertTrue(url.toString().endsWith("?sslmode=verify-full&sslrootcert=" + root.toAbsolutePath()), url.toString());
    assertEquals(url.sslMode(), url.withDatabase("other").sslMode(), "a database on the same server keeps the settings");
  }

  @Test
  @DisplayName("require with a root certificate verifies the chain, as libpq does; without one, verify-full trusts the JVM's store")
  void requireWithRootIsVerifyCa() throws Exception {
    Path root = pem("root.crt");
    assertEquals(SslMode.VERIFY_CA, DatabaseUrl.parse("k", "postgres://h/d?sslmode=require&sslrootcert=" + root).sslMode());
    assertEquals(SslMode.REQUIRE, DatabaseUrl.parse("k", "postgres://h/d?sslmode=require").sslMode());
    assertTrue(DatabaseUrl.parse("k", "postgres://h/d?sslmode=verify-full").jdbcUrl()
        .contains("sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"));
    assertEquals(SslMode.PREFER, DatabaseUrl.parse("k", "postgres://h/d?sslmode=prefer").sslMode());
  }

  @Test
  @DisplayName("an unknown parameter or a bad value is one line naming database_url, without the password")
  void refused() throws Exception {
    Path notPem = dir.resolve("key.txt");
    Files.writeString(notPem, "not a certificate");
    Map<String, String> cases = Map.of(
        "?sslmod=require", "unknown parameter 'sslmod'",
        "?sslmode=on", "sslmode must be disable, allow, prefer, require, verify-ca or verify-full (got 'on')",
        "?sslmode=verify-full&sslrootcert=/nowhere/root.crt", "sslrootcert /nowhere/root.crt is not a readable file",
        "?sslmode=verify-ca&sslrootcert=" + notPem, "holds no PEM certificate",
        "?sslmode=prefer&sslrootcert=" + pem("r.crt"), "sslrootcert needs sslmode=verify-full, verify-ca or require",
        "?connect_timeout=soon", "connect_timeout must be whole seconds from 0 to 3600 (got 'soon')",
        "?application_name=", "application_name must be 1 to 63 printable ASCII characters",
        "?sslmode=require&sslmode=disable", "parameter sslmode is given twice",
        "?sslmode", "parameter sslmode has no value");
    cases.forEach((query, expected) -> {
      ConfigException e = assertThrows(ConfigException.class,
          () -> DatabaseUrl.parse("database_url", "postgres://app:hunter2hunter2@db:5432/parse" + query), query);
      assertTrue(e.getMessage().startsWith("configuration database_url: "), e.getMessage());
      assertTrue(e.getMessage().contains(expected), e.getMessage());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    });
  }

  @Test
  @DisplayName("database_prepared_statements is on by default and can be turned off for PgBouncer")
  void preparedStatementsSetting() {
    Map<String, String> values = new java.util.HashMap<>(Map.of("app_id", "a", "master_key", "0123456789abcdef"));
    assertTrue(ConfigLoader.fromValues(values).databasePreparedStatements());
    values.put("database_prepared_statements", "false");
    assertFalse(ConfigLoader.fromValues(values).databasePreparedStatements());
  }

  private Path pem(String name) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    return file;
  }
}
