package dev.parsec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Configuration: defaults, then the YAML file, then PARSEC_* variables, then flags")
class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("with nothing configured a node is a single embedded node on port 1337 under /parse")
  void defaults() {
    ParsecConfig config = ConfigLoader.fromValues(Map.of());
    assertEquals(1337, config.port());
    assertEquals("/parse", config.mountPath());
    assertEquals("http://localhost:1337/parse", config.serverUrl());
    assertTrue(config.databaseUrl().isEmpty(), "embedded database");
    assertTrue(config.masterKey().isEmpty(), "master key generated at start, never a default");
    assertFalse(config.clustered());
    assertFalse(config.allowClientClassCreation());
    assertEquals(Role.BOTH, config.roles());
    assertTrue(config.masterKeyIps().stream().anyMatch(range -> range.contains("127.0.0.1")));
    assertFalse(config.masterKeyIps().stream().anyMatch(range -> range.contains("10.1.2.3")));
  }

  @Test
  @DisplayName("the environment overrides the file and flags override the environment")
  void precedence() throws IOException {
    Path file = dir.resolve("parsec.yaml");
    Files.writeString(file, "port: 2000\napp_id: fromfile\ncluster_members: [10.0.0.1:5701, 10.0.0.2]\n");
    ParsecConfig config = ConfigLoader.load(new String[] {"--config", file.toString(), "--port=4000"},
        Map.of("PARSEC_PORT", "3000", "PARSEC_APP_ID", "fromenv", "PARSEC_DATABASE_URL", "postgres://u:p%40ss@db.example:6543/app",
            "PATH", "/usr/bin", "PARSEC_TEST_DATABASE_URL", "ignored"));
    assertEquals(4000, config.port());
    assertEquals("fromenv", config.appId());
    DatabaseUrl db = config.databaseUrl().orElseThrow();
    assertEquals(List.of("db.example", "6543", "app", "u", "p@ss"),
        List.of(db.host(), String.valueOf(db.port()), db.database(), db.user(), db.password()));
    assertFalse(db.toString().contains("p@ss"), "the password never appears in logs");
    assertEquals(List.of(new ParsecConfig.HostPort("10.0.0.1", 5701), new ParsecConfig.HostPort("10.0.0.2", 5701)),
        config.clusterMembers());
    assertTrue(config.clustered());
  }

  @Test
  @DisplayName("the log ring's bounds: 1000 lines and 1mb by default; a size past 1gb or not a size is refused")
  void logBuffer() {
    ParsecConfig defaults = ConfigLoader.fromValues(Map.of());
    assertEquals(1000, defaults.cloud().logBufferLines());
    assertEquals(1024 * 1024, defaults.cloud().logBufferSize());
    assertEquals(512 * 1024, ConfigLoader.fromValues(Map.of("log_buffer_size", "512kb")).cloud().logBufferSize());
    assertEquals("configuration log_buffer_size: must be at most 1gb (got '2gb')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("log_buffer_size", "2gb"))).getMessage());
    assertEquals("configuration log_buffer_lines: must be a whole number (got 'many')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("log_buffer_lines", "many"))).getMessage());
  }

  @Test
  @DisplayName("tracing: off without otel_endpoint; service parsec, every trace kept, no client's traceparent followed by default; a bad URL or ratio is refused")
  void tracing() {
    ParsecConfig defaults = ConfigLoader.fromValues(Map.of());
    assertFalse(defaults.tracing().enabled());
    assertEquals("parsec", defaults.tracing().serviceName());
    assertEquals(1.0, defaults.tracing().sampleRatio());
    assertFalse(defaults.tracing().trustTraceparent());
    ParsecConfig set = ConfigLoader.fromValues(Map.of("otel_endpoint", "http://collector:4318/v1/traces", "otel_service_name", "shop",
        "otel_sample_ratio", "0.25", "otel_trust_traceparent", "true"));
    assertTrue(set.tracing().trustTraceparent());
    assertEquals("http://collector:4318/v1/traces", set.tracing().endpoint().orElseThrow());
    assertEquals("shop", set.tracing().serviceName());
    assertEquals(0.25, set.tracing().sampleRatio());
    assertEquals("configuration otel_endpoint: must be an http(s) URL (got 'collector:4318')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("otel_endpoint", "collector:4318"))).getMessage());
    assertEquals("configuration otel_endpoint: must be an http(s) URL with a host (got 'http://collector|4318/v1/traces')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("otel_endpoint", "http://collector|4318/v1/traces"))).getMessage());
    for (String ratio : new String[] {"1.5", "-0.1", "half", "NaN"}) {
      assertEquals("configuration otel_sample_ratio: must be a number from 0 to 1 (got '" + ratio + "')",
          assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("otel_sample_ratio", ratio))).getMessage());
    }
  }

  @Test
  @DisplayName("the keys and options Parse apps set: Parse Server's defaults, and a bad value named in one line")
  void parseKeysAndOptions() {
    ParsecConfig config = ConfigLoader.fromValues(Map.of());
    assertFalse(config.keys().clientKeyRequired());
    assertTrue(config.keys().maintenanceKeyIps().stream().anyMatch(range -> range.contains("127.0.0.1")));
    assertFalse(config.keys().maintenanceKeyIps().stream().anyMatch(range -> range.contains("127.0.0.2")));
    assertEquals(SessionSettings.DEFAULTS, config.sessions());
    assertEquals(ApiOptions.DEFAULTS, config.api());
    ParsecConfig set = ConfigLoader.fromValues(Map.of("javascript_key", "js", "read_only_master_key", "read-only-key-1",
        "expire_inactive_sessions", "false", "extend_session_on_use", "yes", "default_limit", "25", "allow_custom_object_id", "true"));
    assertTrue(set.keys().clientKeyRequired());
    assertEquals(new SessionSettings(false, true, true), set.sessions());
    assertEquals(new ApiOptions(true, false, 25), set.api());
    assertFalse(set.keys().toString().contains("read-only-key-1"), "keys are never printed");

    Map<Map<String, String>, String> cases = Map.of(
        Map.of("read_only_master_key", "short"), "configuration read_only_master_key: must be at least 12 characters",
        Map.of("master_key", "the-master-key-1", "rest_api_key", "the-master-key-1"), "configuration rest_api_key: must differ from master_key",
        Map.of("app_id", "myapp", "javascript_key", "myapp"), "configuration javascript_key: must differ from app_id",
        Map.of("read_only_master_key", "same-key-for-both", "maintenance_key", "same-key-for-both"),
        "configuration maintenance_key: must differ from read_only_master_key",
        Map.of("maintenance_key_ips", "anywhere"),
        "configuration maintenance_key_ips: 'anywhere' is not an address range like 10.0.0.0/8 or ::1/128 (host names are not resolved)",
        Map.of("default_limit", "0"), "configuration default_limit: must be between 1 and 2147483647 (got 0)",
        Map.of("extend_session_on_use", "often"), "configuration extend_session_on_use: must be true or false (got 'often')",
        Map.of("prevent_signup_with_unverified_email", "true"), "configuration prevent_signup_with_unverified_email: needs"
            + " verify_user_emails and prevent_login_with_unverified_email: only then must an email be verified first");
    cases.forEach((values, message) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(values));
      assertEquals(message, e.getMessage());
    });
    // one client key for several platforms is allowed, as in Parse Server
    assertTrue(ConfigLoader.fromValues(Map.of("client_key", "shared", "javascript_key", "shared")).keys().clientKeyRequired());
  }

  @Test
  @DisplayName("a bad value stops the start with one line naming the key and the problem")
  void badValuesNameTheirKey() {
    Map<Map<String, String>, String> cases = Map.of(
        Map.of("port", "http"), "configuration port: must be a whole number (got 'http')",
        Map.of("port", "70000"), "configuration port: must be between 1 and 65535 (got 70000)",
        Map.of("database_url", "mysql://x/y"), "configuration database_url: must start with postgres:// (got mysql)",
        Map.of("roles", "all"), "configuration roles: must be api, worker or both (got 'all')",
        Map.of("allow_client_class_creation", "maybe"), "configuration allow_client_class_creation: must be true or false (got 'maybe')",
        Map.of("master_key", "short"), "configuration master_key: must be at least 12 characters",
        Map.of("cluster_members", "a:b"), "configuration cluster_members: 'a:b' is not host:port",
        Map.of("master_key_ips", "everyone"), "configuration master_key_ips: 'everyone' is not an address range like 10.0.0.0/8 or ::1/128 (host names are not resolved)",
        Map.of("mount_path", "parse"), "configuration mount_path: must be a path like /parse (got 'parse')",
        Map.of("job_schedules", "restock hourly"),
        "configuration job_schedules: 'restock hourly' is not a schedule like 'restock every 15m' or 'report daily at 03:30'");
    cases.forEach((values, message) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(values));
      assertEquals(message, e.getMessage());
    });
    ConfigException unknown = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("prot", "1")));
    assertTrue(unknown.getMessage().startsWith("configuration prot: unknown key"), unknown.getMessage());
    ConfigException missingFile = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(new String[] {"--config", dir.resolve("nope.yaml").toString()}, Map.of()));
    assertTrue(missingFile.getMessage().contains("does not exist"));
  }

  @Test
  @DisplayName("http_header_timeout and http_idle_timeout: 40 s and 30 s by default, whole seconds, the header one not below the idle one")
  void connectionTimeouts() {
    GatewaySettings defaults = ConfigLoader.fromValues(Map.of()).gateway();
    assertEquals(java.time.Duration.ofSeconds(40), defaults.headerTimeout());
    assertEquals(java.time.Duration.ofSeconds(30), defaults.idleTimeout());
    GatewaySettings set = ConfigLoader.fromValues(Map.of("http_header_timeout", "90", "http_idle_timeout", "75")).gateway();
    assertEquals(java.time.Duration.ofSeconds(90), set.headerTimeout());
    assertEquals(java.time.Duration.ofSeconds(75), set.idleTimeout());
    assertEquals(java.time.Duration.ZERO, ConfigLoader.fromValues(Map.of("http_header_timeout", "0", "http_idle_timeout", "0")).gateway().headerTimeout());

    Map<Map<String, String>, String> cases = Map.of(
        Map.of("http_header_timeout", "1m"), "configuration http_header_timeout: must be a whole number (got '1m')",
        Map.of("http_idle_timeout", "-5"), "configuration http_idle_timeout: must be between 0 and 3600 (got -5)",
        Map.of("http_idle_timeout", "7200"), "configuration http_idle_timeout: must be between 0 and 3600 (got 7200)",
        Map.of("http_header_timeout", "10"), "configuration http_header_timeout: must be at least http_idle_timeout (30), or 0 for none"
            + " (got 10): it also counts the wait for a kept-alive connection's next request");
    cases.forEach((values, message) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(values));
      assertEquals(message, e.getMessage());
    });
  }

  @Test
  @DisplayName("files on S3 need a bucket and keys; the keys and region may come from the AWS_* variables")
  void s3Files() {
    ConfigException noBucket = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("files_adapter", "s3")));
    assertEquals("configuration s3_bucket: must be set when files_adapter is s3", noBucket.getMessage());
    ConfigException noKeys = assertThrows(ConfigException.class,
        () -> ConfigLoader.fromValues(Map.of("files_adapter", "s3", "s3_bucket", "photos")));
    assertTrue(noKeys.getMessage().startsWith("configuration s3_access_key: must be set"), noKeys.getMessage());
    ParsecConfig config = ConfigLoader.load(new String[] {"--files_adapter=s3", "--s3_bucket=photos"},
        Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-from-env", "AWS_REGION", "eu-west-3"));
    S3Settings s3 = config.files().s3().orElseThrow();
    assertEquals("AKIDEXAMPLE", s3.accessKey());
    assertEquals("https://s3.eu-west-3.amazonaws.com", s3.endpoint().toString());
    assertTrue(!s3.pathStyle(), "AWS's virtual-hosted style by default");
    assertTrue(!config.toString().contains("secret-from-env"), "the secret key is never printed");
  }

  @Test
  @DisplayName("the shipped conf/parsec.yaml loads and holds only the defaults")
  void shippedFileLoads() {
    ParsecConfig shipped = ConfigLoader.load(new String[] {"--config", "conf/parsec.yaml"}, Map.of());
    assertEquals(ConfigLoader.fromValues(Map.of()).port(), shipped.port());
    assertEquals(ConfigLoader.fromValues(Map.of()).mountPath(), shipped.mountPath());
  }

  @Test
  @DisplayName("database_replica_urls: none by default; each URL read as database_url is, with its parameters; a bad one or the same one twice stops the start")
  void replicaUrls() {
    assertFalse(ConfigLoader.fromValues(Map.of()).replicas().configured());
    assertEquals(10, ConfigLoader.fromValues(Map.of()).replicas().maxLag().toSeconds());
    ReplicaSettings two = ConfigLoader.fromValues(Map.of("database_replica_urls",
        "postgres://reader:s%24cret@replica-1:5433/parse?application_name=parsec-replica, postgres://replica-2/parse",
        "database_replica_max_lag", "30")).replicas();
    assertEquals(List.of("replica-1:5433/parse", "replica-2:5432/parse"),
        two.urls().stream().map(url -> url.host() + ":" + url.port() + "/" + url.database()).toList());
    assertEquals("s$cret", two.urls().get(0).password());
    assertEquals("parsec-replica", two.urls().get(0).applicationName());
    assertEquals(30, two.maxLag().toSeconds());
    Map<Map<String, String>, String> cases = Map.of(
        Map.of("database_replica_urls", "postgres://a/parse,mysql://b/parse"),
        "configuration database_replica_urls: must start with postgres:// (got mysql)",
        Map.of("database_replica_urls", "postgres://a/parse?sslmode=sometimes"),
        "configuration database_replica_urls: sslmode must be disable, allow, prefer, require, verify-ca or verify-full (got 'sometimes')",
        Map.of("database_replica_urls", "postgres://a/parse,postgres://a:5432/parse"),
        "configuration database_replica_urls: names the same replica twice",
        Map.of("database_replica_max_lag", "0"), "configuration database_replica_max_lag: must be between 1 and 3600 (got 0)");
    cases.forEach((values, message) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(values));
      assertEquals(message, e.getMessage());
    });
  }

  @Test
  @DisplayName("any app_id still starts a node: the default cluster_name is parsec-<app_id> as before it existed; only a cluster_name set is checked")
  void appIdIsNoClusterName() {
    for (String appId : List.of("my app", "com.example:app", "\u00c4pp", "a".repeat(120))) {
      assertEquals("parsec-" + appId, ConfigLoader.fromValues(Map.of("app_id", appId)).cluster().name());
    }
    assertEquals("configuration cluster_name: must be 1 to 100 letters, digits, '.', '_' or '-' (got 'my cluster')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("cluster_name", "my cluster"))).getMessage());
  }
}
