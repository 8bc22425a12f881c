package dev.parsec.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * TLS to PostgreSQL for real: the test starts its own PostgreSQL (the embedded binaries) with a
 * self-signed certificate made by openssl, and nodes connect to it as an operator would write
 * database_url for a managed PostgreSQL.
 */
@DisplayName("database_url with sslmode, sslrootcert, connect_timeout and application_name, against a PostgreSQL that speaks TLS")
class PostgresTlsTest {

  private static Path dir;
  private static Path serverCert;
  private static Path otherCert;
  private static EmbeddedPostgres pg;

  @BeforeAll
  static void startTlsPostgres() throws Exception {
    assumeTrue(hasOpenssl(), "openssl makes the test's certificates");
    dir = TestDatabases.TestDirs.create("pgtls");
    serverCert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    certificate(serverCert, key);
    otherCert = dir.resolve("other.crt");
    certificate(otherCert, dir.resolve("other.key"));
    serverOwns(serverCert, key);
    pg = EmbeddedPostgres.start(dir.resolve("data"),
        List.of("ssl=on", "ssl_cert_file=" + serverCert, "ssl_key_file=" + key, "fsync=off"));
  }

  @AfterAll
  static void stopTlsPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  @DisplayName("verify-full with the server's root certificate: the node serves a create and a get, over TLS, under its application_name")
  void verifyFull() throws Exception {
    DatabaseUrl plain = pg.database("tls_full");
    Node node = start(plain, "?sslmode=verify-full&sslrootcert=" + serverCert
        + "&connect_timeout=5&application_name=parsec-full", Map.of());
    try {
      createAndGet(node);
      assertAllTls(plain, "parsec-full");
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("require encrypts without checking the certificate; with database_prepared_statements=false (PgBouncer) the node still serves")
  void requireWithoutPreparedStatements() throws Exception {
    DatabaseUrl plain = pg.database("tls_require");
    Node node = start(plain, "?sslmode=require&application_name=parsec-require",
        Map.of("database_prepared_statements", "false"));
    try {
      createAndGet(node);
      Api api = Api.at(node.config().port()).asMaster();
      for (int i = 0; i < 20; i++) {
        assertEquals(201, api.post("/parse/classes/Pooled", new JsonObject().put("n", i)).status());
      }
      Api.Response found = api.get("/parse/classes/Pooled", Map.of("where", "{\"n\":{\"$gte\":10}}", "count", "1"));
      assertEquals(200, found.status(), found.text());
      assertEquals(10, found.json().getInteger("count"));
      assertAllTls(plain, "parsec-require");
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("verify-full against another root certificate stops the start with one line naming database_url, without the password")
  void wrongRootCertificate() {
    DatabaseUrl plain = pg.database("tls_wrong");
    Map<String, String> settings = TestNodes.settings(plain);
    settings.put("database_url", "postgres://postgres:not-this-s3cret@127.0.0.1:" + plain.port() + "/" + plain.database()
        + "?sslmode=verify-full&sslrootcert=" + otherCert);
    RuntimeException failure = assertThrows(RuntimeException.class, () -> TestNodes.start(settings));
    String message = failure.getMessage();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("database_url postgres://postgres@127.0.0.1:"), message);
    assertTrue(message.contains("certificate does not verify"), message);
    assertFalse(message.contains("not-this-s3cret"), message);
  }

  @Test
  @DisplayName("sslmode=disable (the default) stays in plain text, so the test's server does not make everything TLS")
  void disableIsPlain() throws Exception {
    DatabaseUrl plain = pg.database("tls_disable");
    Node node = start(plain, "?application_name=parsec-plain", Map.of());
    try {
      createAndGet(node);
      try (Connection c = DriverManager.getConnection(plain.jdbcUrl(), plain.user(), plain.password());
           ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FILTER (WHERE s.ssl), count(*)"
               + " FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'parsec-plain'")) {
        rs.next();
        assertEquals(0, rs.getLong(1));
        assertTrue(rs.getLong(2) > 0, "the node's pool is connected");
      }
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("the pool checks the certificate itself: another root fails, the right one connects, and PostgreSQL reports the connection as TLS")
  void poolChecksTheCertificate() {
    DatabaseUrl plain = pg.database("tls_pool");
    Vertx vertx = Vertx.vertx();
    try {
      String base = "postgres://postgres@127.0.0.1:" + plain.port() + "/" + plain.database();
      Pool wrong = Database.pool(vertx, DatabaseUrl.parse("database_url", base + "?sslmode=verify-ca&sslrootcert=" + otherCert),
          1, "tls-wrong");
      assertThrows(Exception.class, () -> wrong.query("SELECT 1").execute().await());
      wrong.close().await();
      Pool right = Database.pool(vertx, DatabaseUrl.parse("database_url", base + "?sslmode=verify-full&sslrootcert=" + serverCert),
          1, "tls-right");
      Row row = right.query("SELECT ssl, current_setting('application_name') FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
          .execute().await().iterator().next();
      assertTrue(row.getBoolean(0), "pg_stat_ssl.ssl");
      assertEquals("parsec", row.getString(1), "the default application_name");
      right.close().await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("verify-full checks the host name and verify-ca does not: a server whose certificate names another host")
  void verifyFullChecksTheHostName() throws Exception {
    Path other = TestDatabases.TestDirs.create("pgtls-host");
    Path cert = other.resolve("server.crt");
    Path key = other.resolve("server.key");
    certificate(cert, key, "db.elsewhere.example", "DNS:db.elsewhere.example");
    serverOwns(cert, key);
    EmbeddedPostgres elsewhere = EmbeddedPostgres.start(other.resolve("data"),
        List.of("ssl=on", "ssl_cert_file=" + cert, "ssl_key_file=" + key, "fsync=off"));
    try {
      DatabaseUrl plain = elsewhere.database("tls_host");
      String base = "postgres://postgres@127.0.0.1:" + plain.port() + "/" + plain.database() + "?sslrootcert=" + cert;
      Map<String, String> settings = TestNodes.settings(plain);
      settings.put("database_url", base + "&sslmode=verify-full");
      RuntimeException failure = assertThrows(RuntimeException.class, () -> TestNodes.start(settings));
      assertTrue(failure.getMessage().startsWith("database_url "), failure.getMessage());
      assertTrue(failure.getMessage().contains("certificate does not verify"), failure.getMessage());
      Vertx vertx = Vertx.vertx();
      try {
        Pool full = Database.pool(vertx, DatabaseUrl.parse("database_url", base + "&sslmode=verify-full"), 1, "tls-host-full");
        assertThrows(Exception.class, () -> full.query("SELECT 1").execute().await(), "the pool checks the host name too");
        full.close().await();
      } finally {
        vertx.close().await();
      }
      settings.put("database_url", base + "&sslmode=verify-ca&application_name=parsec-ca");
      Node node = TestNodes.startReady(settings);
      try {
        createAndGet(node);
        assertAllTls(plain, "parsec-ca");
      } finally {
        node.stop();
      }
    } finally {
      elsewhere.close();
    }
  }

  /** The embedded server runs as nobody when we are root; it must own its key, readable by it alone. */
  private static void serverOwns(Path cert, Path key) throws IOException {
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    if ("root".equals(System.getProperty("user.name"))) {
      var nobody = key.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65534");
      Files.setOwner(key, nobody);
      Files.setOwner(cert, nobody);
    }
  }

  private static Node start(DatabaseUrl plain, String query, Map<String, String> more) {
    Map<String, String> settings = TestNodes.settings(plain);
    settings.put("database_url", "postgres://postgres@127.0.0.1:" + plain.port() + "/" + plain.database() + query);
    settings.putAll(more);
    return TestNodes.startReady(settings);
  }

  private static void createAndGet(Node node) {
    Api api = Api.at(node.config().port()).asMaster();
    Api.Response created = api.post("/parse/classes/Secret", new JsonObject().put("word", "over tls"));
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    Api.Response got = api.get("/parse/classes/Secret/" + id);
    assertEquals(200, got.status(), got.text());
    assertEquals("over tls", got.json().getString("word"));
  }

  /** Every connection the node holds (its pools stay connected) is encrypted, as PostgreSQL itself reports. */
  private static void assertAllTls(DatabaseUrl plain, String applicationName) throws Exception {
    try (Connection c = DriverManager.getConnection(plain.jdbcUrl(), plain.user(), plain.password());
         var statement = c.prepareStatement("SELECT count(*) FILTER (WHERE s.ssl), count(*)"
             + " FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = ?")) {
      statement.setString(1, applicationName);
      ResultSet rs = statement.executeQuery();
      rs.next();
      assertTrue(rs.getLong(2) > 0, "the node's pool is connected under application_name " + applicationName);
      assertEquals(rs.getLong(2), rs.getLong(1), "every connection of the node is TLS");
    }
  }

  private static void certificate(Path cert, Path key) throws IOException, InterruptedException {
    certificate(cert, key, "localhost", "DNS:localhost,IP:127.0.0.1");
  }

  private static void certificate(Path cert, Path key, String commonName, String altNames) throws IOException, InterruptedException {
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=" + commonName, "-addext", "subjectAltName=" + altNames,
        "-keyout", key.toString(), "-out", cert.toString())
        .redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes());
    assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0, output);
  }

  private static boolean hasOpenssl() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
