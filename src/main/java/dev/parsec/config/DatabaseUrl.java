package dev.parsec.config;

import io.vertx.pgclient.SslMode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL location given as postgres://user:pass@host:port/db?param=value&amp;..., with the
 * connection parameters libpq also reads: sslmode, sslrootcert, connect_timeout (seconds) and
 * application_name. Both the pool (vertx-pg-client) and the migrations (pgjdbc, {@link #jdbcUrl()})
 * connect with the same settings.
 *
 * <p>We parse the URL with java.net.URI rather than PgConnectOptions.fromUri: the latter rejects
 * passwords holding characters libpq accepts (such as $ or +), passes parameters it does not know to
 * the server as settings (so a typo fails later, on the server, with an obscure message) and knows
 * neither sslrootcert nor connect_timeout. The sslmode names are read by Vert.x's own {@link SslMode}.
 *
 * @param sslMode the effective mode: require with an sslrootcert verifies the chain, as libpq does
 * @param sslRootCert PEM certificates the server's chain must lead to; empty: the JVM's trust store
 * @param connectTimeoutSeconds 0: the drivers' defaults
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
    SslMode sslMode, Optional<Path> sslRootCert, int connectTimeoutSeconds, String applicationName) {

  public static final String DEFAULT_APPLICATION_NAME = "parsec";
  private static final List<String> PARAMETERS = List.of("sslmode", "sslrootcert", "connect_timeout", "application_name");

  /** A plain connection with the defaults (no TLS), as the embedded server and tests use. */
  public DatabaseUrl(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, SslMode.DISABLE, Optional.empty(), 0, DEFAULT_APPLICATION_NAME);
  }

  public static DatabaseUrl parse(String key, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (Exception e) {
      throw new ConfigException(key, "not a URL like postgres://user:pass@host:5432/db");
    }
    if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
      throw new ConfigException(key, "must start with postgres:// (got " + uri.getScheme() + ")");
    }
    if (uri.getHost() == null) {
      throw new ConfigException(key, "has no host");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isEmpty()) {
      throw new ConfigException(key, "names no database (postgres://host:5432/DATABASE)");
    }
    String user = "postgres";
    String password = "";
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(key, colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : decode(key, info.substring(colon + 1));
    }
    Map<String, String> params = parameters(key, uri.getRawQuery());
    SslMode mode = sslMode(key, params.get("sslmode"));
    Optional<Path> rootCert = Optional.ofNullable(params.get("sslrootcert")).map(file -> rootCert(key, file));
    if (rootCert.isPresent()) {
      if (mode == SslMode.DISABLE || mode == SslMode.ALLOW || mode == SslMode.PREFER) {
        throw new ConfigException(key, "sslrootcert needs sslmode=verify-full, verify-ca or require (got "
            + mode.value + ")");
      }
      if (mode == SslMode.REQUIRE) {
        mode = SslMode.VERIFY_CA;
      }
    }
    int timeout = connectTimeout(key, params.get("connect_timeout"));
    String name = applicationName(key, params.getOrDefault("application_name", DEFAULT_APPLICATION_NAME));
    return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, user, password,
        mode, rootCert, timeout, name);
  }

  public DatabaseUrl withDatabase(String name) {
    return new DatabaseUrl(host, port, name, user, password, sslMode, sslRootCert, connectTimeoutSeconds, applicationName);
  }

  /** True when the connection is encrypted for sure (allow and prefer may fall back to plain text). */
  public boolean tls() {
    return sslMode == SslMode.REQUIRE || sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL;
  }

  /** The same settings for pgjdbc (Flyway's migrations); the user and password go beside it. */
  public String jdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:postgresql://" + host + ":" + port + "/" + database)
        .append("?sslmode=").append(sslMode.value);
    sslRootCert.ifPresent(file -> url.append("&sslrootcert=").append(encode(file.toString())));
    if (sslRootCert.isEmpty() && (sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL)) {
      // the JVM's trust store, as the pool uses (pgjdbc would otherwise look for ~/.postgresql/root.crt)
      url.append("&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
    }
    if (connectTimeoutSeconds > 0) {
      url.append("&connectTimeout=").append(connectTimeoutSeconds);
    }
    return url.append("&ApplicationName=").append(encode(applicationName)).toString();
  }

  /** The URL without its password, for logs. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("postgres://" + user + "@" + host + ":" + port + "/" + database);
    if (sslMode != SslMode.DISABLE) {
      text.append("?sslmode=").append(sslMode.value);
      sslRootCert.ifPresent(file -> text.append("&sslrootcert=").append(file));
    }
    return text.toString();
  }

  private static Map<String, String> parameters(String key, String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(key, eq < 0 ? pair : pair.substring(0, eq));
      if (!PARAMETERS.contains(name)) {
        throw new ConfigException(key, "unknown parameter '" + name + "' (Parsec reads " + String.join(", ", PARAMETERS) + ")");
      }
      if (eq < 0) {
        throw new ConfigException(key, "parameter " + name + " has no value (" + name + "=...)");
      }
      if (params.put(name, decode(key, pair.substring(eq + 1))) != null) {
        throw new ConfigException(key, "parameter " + name + " is given twice");
      }
    }
    return params;
  }

  private static SslMode sslMode(String key, String value) {
    if (value == null) {
      return SslMode.DISABLE;
    }
    try {
      return SslMode.of(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "sslmode must be disable, allow, prefer, require, verify-ca or verify-full (got '"
          + value + "')");
    }
  }

  private static Path rootCert(String key, String file) {
    Path path = Path.of(file).toAbsolutePath();
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(key, "sslrootcert " + path + " is not a readable file");
    }
    try {
      if (!Files.readString(path, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
        throw new ConfigException(key, "sslrootcert " + path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
    } catch (IOException e) {
      throw new ConfigException(key, "sslrootcert " + path + " cannot be read: " + e.getMessage());
    }
    return path;
  }

  private static int connectTimeout(String key, String value) {
    if (value == null) {
      return 0;
    }
    try {
      int seconds = Integer.parseInt(value);
      if (seconds >= 0 && seconds <= 3600) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new ConfigException(key, "connect_timeout must be whole seconds from 0 to 3600 (got '" + value + "')");
  }

  private static String applicationName(String key, String value) {
    // PostgreSQL keeps 63 bytes of printable ASCII; anything else would be cut or replaced silently
    if (value.isEmpty() || value.length() > 63 || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new ConfigException(key, "application_name must be 1 to 63 printable ASCII characters");
    }
    return value;
  }

  private static String decode(String key, String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "holds a bad %-escape (write % itself as %25)");
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
