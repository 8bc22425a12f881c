package dev.parsec.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds the {@link ParsecConfig} from, in rising precedence: built-in defaults, the YAML file
 * (conf/parsec.yaml or --config FILE), environment variables PARSEC_KEY, and flags --key=value.
 * Every value is checked here; a bad one throws a {@link ConfigException} naming the key.
 */
public final class ConfigLoader {

  public static final Path DEFAULT_FILE = Path.of("conf", "parsec.yaml");
  private static final String ENV_PREFIX = "PARSEC_";
  private static final Set<String> KEYS = new TreeSet<>(Arrays.asList(
      "host", "port", "admin_port", "app_id", "master_key", "data_dir", "database_url", "database_pool_size",
      "database_prepared_statements", "database_replica_urls", "database_replica_max_lag",
      "redis_url", "redis_mode", "redis_master_name", "server_url", "mount_path", "cluster_members", "cluster_host", "cluster_port",
      "cluster_name", "cluster_interfaces", "cluster_discovery", "cluster_kubernetes_service_dns",
      "roles", "allow_client_class_creation", "master_key_ips", "http_instances", "shutdown_grace",
      "batch_limit", "auto_index", "auto_index_min_rows", "files_adapter", "file_max_size",
      "file_upload_authenticated", "file_upload_anonymous", "file_upload_public", "file_extensions_denied", "file_extensions_allowed",
      "s3_bucket", "s3_region", "s3_endpoint", "s3_path_style", "s3_access_key", "s3_secret_key", "s3_prefix",
      "livequery_classes", "session_length", "password_hash_threads", "password_hash_timeout", "password_hash_nice",
      "account_lockout_threshold", "account_lockout_duration", "trusted_proxies",
      "auth_anonymous_users", "auth_apple_client_ids", "auth_apple_jwks_url", "auth_google_client_ids",
      "auth_google_jwks_url", "auth_facebook_app_ids", "auth_facebook_graph_url", "auth_facebook_jwks_url",
      "smtp_host", "smtp_port", "smtp_username", "smtp_password", "smtp_security", "email_from", "app_name",
      "verify_user_emails", "prevent_login_with_unverified_email", "email_verify_token_validity",
      "password_reset_token_validity", "password_pattern", "password_min_length", "password_no_username",
      "password_history", "max_body_size", "max_include_depth", "max_or_clauses", "max_limit", "request_timeout",
      "max_connections", "cors_origins", "access_log", "tls_cert", "tls_key", "tls_pkcs12", "tls_pkcs12_password",
      "rate_limit", "rate_limits", "rate_limit_master", "idempotency_ttl", "cache_objects",
      "http_header_timeout", "http_idle_timeout",

      "fcm_service_account", "fcm_url", "apns_key", "apns_key_id", "apns_team_id", "apns_topic", "apns_production",
      "apns_url", "push_ca_file", "push_batch_size", "push_concurrency", "push_max_attempts", "push_poll_interval",
      "cloud_code_dir", "function_timeout", "job_lease", "job_poll_interval", "job_concurrency", "job_schedules", "webhook_key",
      "log_buffer_lines", "log_buffer_size",
      "client_key", "javascript_key", "rest_api_key", "dotnet_key", "read_only_master_key", "maintenance_key",
      "maintenance_key_ips", "expire_inactive_sessions", "extend_session_on_use", "revoke_session_on_password_reset",
      "allow_custom_object_id", "prevent_signup_with_unverified_email", "default_limit", "log_level", "log_format",
      "otel_endpoint", "otel_service_name", "otel_sample_ratio",
      "otel_trust_traceparent"));
  static {
    // the account pages' URLs (Parse Server's customPages), named in PageSettings
    KEYS.addAll(Arrays.asList(PageSettings.KEYS));
  }
  private static final Map<String, String> AWS_ENV = Map.of(
      "AWS_ACCESS_KEY_ID", "s3_access_key", "AWS_SECRET_ACCESS_KEY", "s3_secret_key", "AWS_REGION", "s3_region");
  /** Parse Server denies HTML by default; Parsec also denies the other types a browser renders and runs scripts in when opened from our domain. */
  private static final String DENIED_EXTENSIONS = "html,htm,shtml,xhtml,xht,svg,svgz,xml,xsl";
  /** Seconds a connection may wait for its next request's headers; see the README for the choice. */
  private static final int HEADER_TIMEOUT = 40;
  /** Seconds a connection with nothing in flight may stay silent. */
  private static final int IDLE_TIMEOUT = 30;

  private ConfigLoader() {
  }

  /** Every key Parsec reads, in alphabetical order. */
  public static Set<String> keys() {
    return java.util.Collections.unmodifiableSet(KEYS);
  }

  public static ParsecConfig load(String[] args, Map<String, String> env) {
    Map<String, String> flags = parseFlags(args);
    Map<String, String> values = new LinkedHashMap<>();
    // the variables every AWS tool reads, below anything set for Parsec itself
    AWS_ENV.forEach((name, key) -> {
      if (env.containsKey(name)) {
        values.put(key, env.get(name));
      }
    });
    String file = flags.remove("config");
    if (file != null) {
      values.putAll(readYaml(Path.of(file)));
    } else if (Files.exists(DEFAULT_FILE)) {
      values.putAll(readYaml(DEFAULT_FILE));
    }
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX)) {
        String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        if (KEYS.contains(key)) {
          values.put(key, value);
        } else {
          // other tools' PARSEC_* variables (PARSEC_TEST_DATABASE_URL) pass; a near miss of a key is a typo
          closestKey(key).ifPresent(known -> {
            throw new ConfigException(name, "unknown key (did you mean " + ENV_PREFIX + known.toUpperCase(Locale.ROOT) + "?)");
          });
        }
      }
    });
    values.putAll(flags);
    return fromValues(values);
  }

  /** Builds a configuration from plain key/value pairs (the keys of conf/parsec.yaml). */
  public static ParsecConfig fromValues(Map<String, String> raw) {
    Map<String, String> v = new LinkedHashMap<>();
    raw.forEach((key, value) -> {
      if (!KEYS.contains(key)) {
        throw new ConfigException(key, "unknown key " + closestKey(key).map(known -> "(did you mean " + known + "?)")
            .orElse("(java -jar parsec.jar --help lists the keys)"));
      }
      if (value != null && !value.isBlank()) {
        v.put(key, value.trim());
      }
    });
    int port = intIn(v, "port", 1337, 1, 65535);
    java.util.OptionalInt adminPort = v.containsKey("admin_port")
        ? java.util.OptionalInt.of(intIn(v, "admin_port", 0, 1, 65535)) : java.util.OptionalInt.empty();
    if (adminPort.isPresent() && adminPort.getAsInt() == port) {
      throw new ConfigException("admin_port", "must differ from port (got " + port + " for both)");
    }
    String mountPath = v.getOrDefault("mount_path", "/parse");
    if (!mountPath.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new ConfigException("mount_path", "must be a path like /parse (got '" + mountPath + "')");
    }
    String appId = v.getOrDefault("app_id", "parsec");
    Optional<String> masterKey = Optional.ofNullable(v.get("master_key"));
    masterKey.ifPresent(key -> {
      if (key.length() < 12) {
        throw new ConfigException("master_key", "must be at least 12 characters");
      }
      if (key.equals(appId)) {
        throw new ConfigException("master_key", "must differ from app_id");
      }
    });
    String serverUrl = v.getOrDefault("server_url", "http://localhost:" + port + mountPath);
    if (!serverUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw new ConfigException("server_url", "must be an http:// or https:// URL (got '" + serverUrl + "')");
    }
    Optional<RedisSettings> redis = Optional.ofNullable(v.get("redis_url")).map(urls -> redis(v, urls));
    int clusterPort = intIn(v, "cluster_port", 5701, 1, 65535);
    ClusterSettings cluster = cluster(v, appId);
    if (bool(v, "verify_user_emails", false) && v.get("smtp_host") == null) {
      throw new ConfigException("verify_user_emails", "needs smtp_host: verification links are sent by mail");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    ParsecConfig config = new ParsecConfig(
        v.getOrDefault("host", "0.0.0.0"),
        port,
        adminPort,
        appId,
        masterKey,
        Path.of(v.getOrDefault("data_dir", "data")),
        Optional.ofNullable(v.get("database_url")).map(url -> DatabaseUrl.parse("database_url", url)),
        intIn(v, "database_pool_size", 4, 1, 1000),
        bool(v, "database_prepared_statements", true),
        redis,
        serverUrl.replaceFirst("/$", ""),
        mountPath,
        hostPorts(v.get("cluster_members"), clusterPort),
        clusterHost(v, cluster),
        clusterPort,
        cluster,
        role(v.getOrDefault("roles", "both")),
        bool(v, "allow_client_class_creation", false),
        list(v.getOrDefault("master_key_ips", "127.0.0.0/8,::1/128")).stream()
            .map(text -> Cidr.parse("master_key_ips", text)).toList(),
        intIn(v, "http_instances", cores, 1, 1024),
        Duration.ofSeconds(intIn(v, "shutdown_grace", 30, 0, 3600)),
        intIn(v, "batch_limit", 100, 1, 10000),
        bool(v, "auto_index", true),
        intIn(v, "auto_index_min_rows", 1000, 0, Integer.MAX_VALUE),
        liveQueryClasses(v.get("livequery_classes")),
        files(v),
        Duration.ofSeconds(intIn(v, "session_length", 31_536_000, 1, Integer.MAX_VALUE)),
        new PasswordHashing(intIn(v, "password_hash_threads", PasswordHashing.defaultThreads(cores), 1, 1024),
            Duration.ofMillis(intIn(v, "password_hash_timeout", 1000, 0, 600_000)),
            intIn(v, "password_hash_nice", 0, 0, 19)),
        intIn(v, "account_lockout_threshold", 0, 0, 1000),
        intIn(v, "account_lockout_duration", 5, 1, 100_000),
        list(v.getOrDefault("trusted_proxies", "127.0.0.0/8,::1/128")).stream()
            .map(text -> Cidr.parse("trusted_proxies", text)).toList(),
        new AuthSettings(
            bool(v, "auth_anonymous_users", true),
            list(v.get("auth_apple_client_ids")),
            url(v, "auth_apple_jwks_url", "https://appleid.apple.com/auth/keys"),
            list(v.get("auth_google_client_ids")),
            url(v, "auth_google_jwks_url", "https://www.googleapis.com/oauth2/v3/certs"),
            list(v.get("auth_facebook_app_ids")),
            url(v, "auth_facebook_graph_url", "https://graph.facebook.com/v19.0"),
            url(v, "auth_facebook_jwks_url", "https://limited.facebook.com/.well-known/oauth/openid/jwks/")),
        new EmailSettings(
            Optional.ofNullable(v.get("smtp_host")),
            intIn(v, "smtp_port", 587, 1, 65535),
            Optional.ofNullable(v.get("smtp_username")),
            Optional.ofNullable(v.get("smtp_password")),
            security(v.getOrDefault("smtp_security", "starttls")),
            v.getOrDefault("email_from", "no-reply@localhost"),
            v.getOrDefault("app_name", appId),
            bool(v, "verify_user_emails", false),
            bool(v, "prevent_login_with_unverified_email", false),
            Duration.ofSeconds(intIn(v, "email_verify_token_validity", 86_400, 60, Integer.MAX_VALUE)),
            Duration.ofSeconds(intIn(v, "password_reset_token_validity", 3_600, 60, Integer.MAX_VALUE))),
        new PasswordPolicy(
            Optional.ofNullable(v.get("password_pattern")).map(ConfigLoader::pattern),
            intIn(v, "password_min_length", 0, 0, 1024),
            bool(v, "password_no_username", false),
            intIn(v, "password_history", 0, 0, 20)),
        new GatewaySettings(
            size(v, "max_body_size", 20L * 1024 * 1024),
            intIn(v, "max_include_depth", 10, 0, 1000),
            intIn(v, "max_or_clauses", 100, 0, 100_000),
            intIn(v, "max_limit", 10_000, 0, Integer.MAX_VALUE),
            Duration.ofSeconds(intIn(v, "request_timeout", 30, 0, 3600)),
            intIn(v, "max_connections", 0, 0, 10_000_000),
            list(v.getOrDefault("cors_origins", "*")),
            bool(v, "access_log", true),
            tls(v),
            rateLimits(v),
            bool(v, "rate_limit_master", false),
            Duration.ofSeconds(intIn(v, "idempotency_ttl", 0, 0, 30 * 86_400)),
            bool(v, "cache_objects", true),
            Duration.ofSeconds(headerTimeout(v)),
            Duration.ofSeconds(intIn(v, "http_idle_timeout", IDLE_TIMEOUT, 0, 3600))),
        push(v),
        new CloudSettings(directory(v, "cloud_code_dir"), Duration.ofSeconds(intIn(v, "function_timeout", 30, 1, 3600)),
            Duration.ofSeconds(intIn(v, "job_lease", 30, 1, 3600)), Duration.ofSeconds(intIn(v, "job_poll_interval", 5, 1, 3600)),
            intIn(v, "job_concurrency", 4, 1, 256),
            list(v.get("job_schedules")).stream().map(text -> JobSchedule.parse("job_schedules", text)).toList(),
            Optional.ofNullable(v.get("webhook_key")),
            intIn(v, "log_buffer_lines", 1000, 0, 1_000_000), logBufferSize(v)),
        PageSettings.from(v),
        clientKeys(v, appId, masterKey),
        new SessionSettings(bool(v, "expire_inactive_sessions", true), bool(v, "extend_session_on_use", false),
            bool(v, "revoke_session_on_password_reset", true)),
        apiOptions(v),
        logging(v),
        replicas(v),
        tracing(v));
    refuseClusterPortShared(config);
    return config;
  }

  /** A clustered node binds cluster_port too: an HTTP port on the same number fails at start with a bare bind error. */
  private static void refuseClusterPortShared(ParsecConfig config) {
    if (!config.clustered()) {
      return;
    }
    if (config.adminPort().isPresent() && config.adminPort().getAsInt() == config.clusterPort()) {
      throw new ConfigException("admin_port", "must differ from cluster_port (got " + config.clusterPort() + " for both)");
    }
    if (config.roles().servesApi() && config.port() == config.clusterPort()) {
      throw new ConfigException("port", "must differ from cluster_port (got " + config.clusterPort() + " for both)");
    }
  }

  /** otel_endpoint: the OTLP/HTTP traces URL (an OpenTelemetry Collector's or Jaeger's {@code /v1/traces}). */
  private static TracingSettings tracing(Map<String, String> v) {
    Optional<String> endpoint = Optional.ofNullable(v.get("otel_endpoint")).map(url -> url(v, "otel_endpoint", url));
    endpoint.ifPresent(url -> {
      try {
        if (URI.create(url).getHost() == null) {
          throw new IllegalArgumentException("no host");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException("otel_endpoint", "must be an http(s) URL with a host (got '" + url + "')");
      }
    });
    String name = v.getOrDefault("otel_service_name", "parsec");
    String ratio = v.getOrDefault("otel_sample_ratio", "1");
    double sampled;
    try {
      sampled = Double.parseDouble(ratio);
    } catch (NumberFormatException e) {
      sampled = Double.NaN;
    }
    if (!(sampled >= 0 && sampled <= 1)) {
      throw new ConfigException("otel_sample_ratio", "must be a number from 0 to 1 (got '" + ratio + "')");
    }
    return new TracingSettings(endpoint, name, sampled, bool(v, "otel_trust_traceparent", false));
  }

  /** database_replica_urls: comma-separated URLs, each checked as database_url is. */
  private static ReplicaSettings replicas(Map<String, String> v) {
    List<DatabaseUrl> urls = list(v.get("database_replica_urls")).stream()
        .map(url -> DatabaseUrl.parse("database_replica_urls", url)).toList();
    if (urls.stream().map(url -> url.host() + ":" + url.port() + "/" + url.database()).distinct().count() < urls.size()) {
      throw new ConfigException("database_replica_urls", "names the same replica twice");
    }
    return new ReplicaSettings(urls, Duration.ofSeconds(intIn(v, "database_replica_max_lag", 10, 1, 3600)));
  }

  private static ClusterSettings cluster(Map<String, String> v, String appId) {
    // the default is the name every Parsec used before cluster_name existed, whatever app_id holds (a space, a
    // colon): nodes of an older version still join, and a node whose app_id is not a valid cluster_name still starts
    String name = v.getOrDefault("cluster_name", "parsec-" + appId);
    if (v.containsKey("cluster_name") && !name.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new ConfigException("cluster_name", "must be 1 to 100 letters, digits, '.', '_' or '-' (got '" + name + "')");
    }
    List<String> interfaces = list(v.get("cluster_interfaces")).stream()
        .map(pattern -> InterfacePattern.check("cluster_interfaces", pattern)).toList();
    String discovery = v.getOrDefault("cluster_discovery", "tcp");
    Optional<String> serviceDns = Optional.ofNullable(v.get("cluster_kubernetes_service_dns"));
    ClusterSettings.Discovery parsed = switch (discovery.toLowerCase(Locale.ROOT)) {
      case "tcp" -> ClusterSettings.Discovery.TCP;
      case "kubernetes" -> ClusterSettings.Discovery.KUBERNETES;
      default -> throw new ConfigException("cluster_discovery", "must be tcp or kubernetes (got '" + discovery + "')");
    };
    if (parsed == ClusterSettings.Discovery.KUBERNETES) {
      if (serviceDns.isEmpty()) {
        throw new ConfigException("cluster_kubernetes_service_dns",
            "must name the headless Service of the members (like parsec-hazelcast.NAMESPACE.svc.cluster.local) when cluster_discovery is kubernetes");
      }
      if (v.containsKey("cluster_members")) {
        throw new ConfigException("cluster_members", "must stay unset when cluster_discovery is kubernetes (the Service lists the members)");
      }
    } else if (serviceDns.isPresent()) {
      throw new ConfigException("cluster_kubernetes_service_dns", "is read only when cluster_discovery is kubernetes");
    }
    serviceDns.ifPresent(dns -> {
      if (!dns.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
        throw new ConfigException("cluster_kubernetes_service_dns", "must be a DNS name (got '" + dns + "')");
      }
    });
    return new ClusterSettings(name, interfaces, parsed, serviceDns);
  }

  /**
   * The address this node binds its cluster port on and advertises: cluster_host, which must then match
   * cluster_interfaces when those are given; else the first of this machine's addresses they match; else loopback.
   */
  private static String clusterHost(Map<String, String> v, ClusterSettings cluster) {
    String host = v.get("cluster_host");
    if (cluster.interfaces().isEmpty()) {
      return host == null ? "127.0.0.1" : host;
    }
    if (host != null) {
      if (!InterfacePattern.matchesAny(cluster.interfaces(), host)) {
        throw new ConfigException("cluster_host", host + " is not in cluster_interfaces " + cluster.interfaces());
      }
      return host;
    }
    return InterfacePattern.localAddress(cluster.interfaces()).orElseThrow(() -> new ConfigException("cluster_interfaces",
        "no address of this machine matches " + cluster.interfaces() + " (it has " + InterfacePattern.localAddresses() + ")"));
  }

  /** log_format's default: text for a person at a terminal, JSON for whatever reads stdout otherwise. */
  private static LogSettings logging(Map<String, String> v) {
    String level = v.getOrDefault("log_level", "info");
    String format = v.getOrDefault("log_format", System.console() != null ? "text" : "json");
    LogSettings.Level parsedLevel = switch (level.toLowerCase(Locale.ROOT)) {
      case "error" -> LogSettings.Level.ERROR;
      case "warn" -> LogSettings.Level.WARN;
      case "info" -> LogSettings.Level.INFO;
      case "debug" -> LogSettings.Level.DEBUG;
      default -> throw new ConfigException("log_level", "must be error, warn, info or debug (got '" + level + "')");
    };
    LogSettings.Format parsedFormat = switch (format.toLowerCase(Locale.ROOT)) {
      case "json" -> LogSettings.Format.JSON;
      case "text" -> LogSettings.Format.TEXT;
      default -> throw new ConfigException("log_format", "must be json or text (got '" + format + "')");
    };
    return new LogSettings(parsedLevel, parsedFormat);
  }

  /**
   * The known key a mistyped one most likely meant: the nearest by edit distance (a swap of two neighbours
   * counts one), if it is near enough (1 edit per 3 characters, at least 1, at most 3) to be a typo.
   */
  static Optional<String> closestKey(String key) {
    int allowed = Math.max(1, Math.min(3, key.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : KEYS) {
      int distance = editDistance(key, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return key.isEmpty() || bestDistance > allowed ? Optional.empty() : Optional.of(best);
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and neighbour swaps. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** At most 1 GB of log lines: they are held in memory. */
  private static long logBufferSize(Map<String, String> v) {
    long bytes = size(v, "log_buffer_size", 1024L * 1024);
    if (bytes > 1024L * 1024 * 1024) {
      throw new ConfigException("log_buffer_size", "must be at most 1gb (got '" + v.get("log_buffer_size") + "')");
    }
    return bytes;
  }

  /** Keys apps carry (client keys) and keys operators hold (read-only master, maintenance): none equal to another. */
  private static ClientKeys clientKeys(Map<String, String> v, String appId, Optional<String> masterKey) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String key : List.of("client_key", "javascript_key", "rest_api_key", "dotnet_key", "read_only_master_key", "maintenance_key")) {
      String value = v.get(key);
      if (value == null) {
        continue;
      }
      if (value.equals(appId)) {
        throw new ConfigException(key, "must differ from app_id");
      }
      if (masterKey.isPresent() && value.equals(masterKey.get())) {
        throw new ConfigException(key, "must differ from master_key");
      }
      boolean operatorKey = key.equals("read_only_master_key") || key.equals("maintenance_key");
      if (operatorKey && value.length() < 12) {
        throw new ConfigException(key, "must be at least 12 characters");
      }
      for (Map.Entry<String, String> other : given.entrySet()) {
        boolean otherOperatorKey = other.getKey().equals("read_only_master_key") || other.getKey().equals("maintenance_key");
        // client keys may be one value for several platforms; an operator's key is no client's
        if ((operatorKey || otherOperatorKey) && other.getValue().equals(value)) {
          throw new ConfigException(key, "must differ from " + other.getKey());
        }
      }
      given.put(key, value);
    }
    return new ClientKeys(
        Optional.ofNullable(given.get("client_key")),
        Optional.ofNullable(given.get("javascript_key")),
        Optional.ofNullable(given.get("rest_api_key")),
        Optional.ofNullable(given.get("dotnet_key")),
        Optional.ofNullable(given.get("read_only_master_key")),
        Optional.ofNullable(given.get("maintenance_key")),
        list(v.getOrDefault("maintenance_key_ips", "127.0.0.1/32,::1/128")).stream()
            .map(text -> Cidr.parse("maintenance_key_ips", text)).toList());
  }

  private static ApiOptions apiOptions(Map<String, String> v) {
    boolean preventSignup = bool(v, "prevent_signup_with_unverified_email", false);
    if (preventSignup && !(bool(v, "verify_user_emails", false) && bool(v, "prevent_login_with_unverified_email", false))) {
      throw new ConfigException("prevent_signup_with_unverified_email",
          "needs verify_user_emails and prevent_login_with_unverified_email: only then must an email be verified first");
    }
    return new ApiOptions(bool(v, "allow_custom_object_id", false), preventSignup, intIn(v, "default_limit", 100, 1, Integer.MAX_VALUE));
  }

  /**
   * Its clock also runs while a kept-alive connection waits for its next request, so below
   * http_idle_timeout it would cut quiet connections first and the idle timeout would never apply.
   */
  private static int headerTimeout(Map<String, String> v) {
    int header = intIn(v, "http_header_timeout", HEADER_TIMEOUT, 0, 3600);
    int idle = intIn(v, "http_idle_timeout", IDLE_TIMEOUT, 0, 3600);
    if (header > 0 && idle > 0 && header < idle) {
      throw new ConfigException("http_header_timeout", "must be at least http_idle_timeout (" + idle + "), or 0 for none"
          + " (got " + header + "): it also counts the wait for a kept-alive connection's next request");
    }
    return header;
  }

  private static Optional<Path> directory(Map<String, String> v, String key) {
    Optional<Path> dir = Optional.ofNullable(v.get(key)).map(Path::of);
    if (dir.isPresent() && !Files.isDirectory(dir.get())) {
      throw new ConfigException(key, "is not a directory: " + dir.get());
    }
    return dir;
  }

  /** rate_limit (one per-address limit on every route) and rate_limits (rules), together. */
  private static List<RateLimitRule> rateLimits(Map<String, String> v) {
    List<RateLimitRule> rules = new ArrayList<>();
    if (v.get("rate_limit") != null) {
      rules.add(RateLimitRule.parse("rate_limit", v.get("rate_limit")));
    }
    for (String rule : list(v.get("rate_limits"))) {
      rules.add(RateLimitRule.parse("rate_limits", rule));
    }
    return List.copyOf(rules);
  }

  private static Optional<GatewaySettings.Tls> tls(Map<String, String> v) {
    Optional<Path> cert = Optional.ofNullable(v.get("tls_cert")).map(Path::of);
    Optional<Path> key = Optional.ofNullable(v.get("tls_key")).map(Path::of);
    Optional<Path> pkcs12 = Optional.ofNullable(v.get("tls_pkcs12")).map(Path::of);
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigException(cert.isPresent() ? "tls_key" : "tls_cert", "tls_cert and tls_key go together (PEM files)");
    }
    if (cert.isPresent() && pkcs12.isPresent()) {
      throw new ConfigException("tls_pkcs12", "give either tls_cert and tls_key, or tls_pkcs12, not both");
    }
    for (Map.Entry<String, Optional<Path>> file : Map.of("tls_cert", cert, "tls_key", key, "tls_pkcs12", pkcs12).entrySet()) {
      if (file.getValue().isPresent() && !Files.isReadable(file.getValue().get())) {
        throw new ConfigException(file.getKey(), "cannot read " + file.getValue().get());
      }
    }
    if (cert.isEmpty() && pkcs12.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new GatewaySettings.Tls(cert, key, pkcs12, Optional.ofNullable(v.get("tls_pkcs12_password"))));
  }

  private static EmailSettings.Security security(String text) {
    try {
      return EmailSettings.Security.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("smtp_security", "must be none, starttls or tls (got '" + text + "')");
    }
  }

  private static java.util.regex.Pattern pattern(String text) {
    try {
      return java.util.regex.Pattern.compile(text);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new ConfigException("password_pattern", "is not a regular expression: " + e.getDescription());
    }
  }

  private static String url(Map<String, String> v, String key, String fallback) {
    String text = v.getOrDefault(key, fallback);
    if (!text.matches("https?://\\S+")) {
      throw new ConfigException(key, "must be an http(s) URL (got '" + text + "')");
    }
    return text;
  }

  /** FCM is on with a service account; APNs with a key, which needs its key id, team id and topic too. */
  private static PushSettings push(Map<String, String> v) {
    Optional<String> apnsKey = Optional.ofNullable(v.get("apns_key"));
    if (apnsKey.isPresent()) {
      for (String needed : List.of("apns_key_id", "apns_team_id", "apns_topic")) {
        if (!v.containsKey(needed)) {
          throw new ConfigException(needed, "must be set when apns_key is");
        }
      }
    }
    fileOrContent(v, "fcm_service_account", "{");
    fileOrContent(v, "apns_key", "-----BEGIN");
    fileOrContent(v, "push_ca_file", null);
    String apnsDefault = bool(v, "apns_production", false) ? PushSettings.APNS_PRODUCTION : PushSettings.APNS_SANDBOX;
    return new PushSettings(
        Optional.ofNullable(v.get("fcm_service_account")),
        httpsUrl(v, "fcm_url", "https://fcm.googleapis.com"),
        apnsKey,
        Optional.ofNullable(v.get("apns_key_id")),
        Optional.ofNullable(v.get("apns_team_id")),
        Optional.ofNullable(v.get("apns_topic")),
        httpsUrl(v, "apns_url", apnsDefault),
        Optional.ofNullable(v.get("push_ca_file")),
        intIn(v, "push_batch_size", 500, 1, 10_000),
        intIn(v, "push_concurrency", 64, 1, 10_000),
        intIn(v, "push_max_attempts", 5, 1, 20),
        Duration.ofSeconds(intIn(v, "push_poll_interval", 5, 1, 3600)));
  }

  /** A value that is either given inline (it holds the marker) or names a file, which must be readable. */
  private static void fileOrContent(Map<String, String> v, String key, String inlineMarker) {
    String value = v.get(key);
    if (value == null || (inlineMarker != null && value.contains(inlineMarker))) {
      return;
    }
    if (!Files.isReadable(Path.of(value))) {
      throw new ConfigException(key, "file " + value + " does not exist or cannot be read");
    }
  }

  private static String httpsUrl(Map<String, String> v, String key, String fallback) {
    String url = v.getOrDefault(key, fallback);
    if (!url.matches("https?://[^\\s/]+")) {
      throw new ConfigException(key, "must be a base URL like https://host:port, without a path (got '" + url + "')");
    }
    return url;
  }

  private static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new ConfigException(arg, "unexpected argument (flags look like --port=1337 or --config FILE)");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException(arg, "needs a value");
      }
      flags.put(name.replace('-', '_'), value);
    }
    return flags;
  }

  private static Map<String, String> readYaml(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config", "file " + file + " does not exist");
    }
    Object doc;
    try (Reader reader = Files.newBufferedReader(file)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (doc == null) {
      return values;
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException("config", file + " must hold key: value pairs");
    }
    map.forEach((key, value) -> {
      if (value instanceof List<?> items) {
        values.put(String.valueOf(key), String.join(",", items.stream().map(String::valueOf).toList()));
      } else if (value instanceof Map<?, ?>) {
        throw new ConfigException(String.valueOf(key), "must be a plain value or a list");
      } else {
        values.put(String.valueOf(key), value == null ? null : String.valueOf(value));
      }
    });
    return values;
  }

  private static int intIn(Map<String, String> v, String key, int fallback, int min, int max) {
    String text = v.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text);
      if (n < min || n > max) {
        throw new ConfigException(key, "must be between " + min + " and " + max + " (got " + n + ")");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number (got '" + text + "')");
    }
  }

  private static boolean bool(Map<String, String> v, String key, boolean fallback) {
    String text = v.get(key);
    if (text == null) {
      return fallback;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new ConfigException(key, "must be true or false (got '" + text + "')");
    };
  }

  /** redis_url lists the server, the Sentinels or some cluster nodes, as redis_mode says. */
  private static RedisSettings redis(Map<String, String> v, String text) {
    List<String> urls = list(text);
    for (String url : urls) {
      if (!url.matches("rediss?://\\S+")) {
        throw new ConfigException("redis_url", "must be a URL like redis://host:6379 (got '" + url + "')");
      }
    }
    RedisSettings.Mode mode = switch (v.getOrDefault("redis_mode", "standalone").toLowerCase(Locale.ROOT)) {
      case "standalone" -> RedisSettings.Mode.STANDALONE;
      case "sentinel" -> RedisSettings.Mode.SENTINEL;
      case "cluster" -> RedisSettings.Mode.CLUSTER;
      default -> throw new ConfigException("redis_mode", "must be standalone, sentinel or cluster (got '" + v.get("redis_mode") + "')");
    };
    if (mode == RedisSettings.Mode.STANDALONE && urls.size() != 1) {
      throw new ConfigException("redis_url", "names one server in standalone mode (redis_mode: sentinel or cluster for several)");
    }
    return new RedisSettings(urls, mode, v.getOrDefault("redis_master_name", "mymaster"));
  }

  private static FileSettings files(Map<String, String> v) {
    FileSettings.Adapter adapter = filesAdapter(v.getOrDefault("files_adapter", "disk"));
    return new FileSettings(
        adapter,
        size(v, "file_max_size", 20L * 1024 * 1024),
        bool(v, "file_upload_authenticated", true),
        bool(v, "file_upload_anonymous", false),
        bool(v, "file_upload_public", false),
        extensions(v.getOrDefault("file_extensions_denied", DENIED_EXTENSIONS)),
        extensions(v.get("file_extensions_allowed")),
        adapter == FileSettings.Adapter.S3 ? Optional.of(s3(v)) : Optional.empty());
  }

  private static List<String> extensions(String text) {
    return list(text).stream().map(ext -> ext.replaceFirst("^\\.", "").toLowerCase(Locale.ROOT)).toList();
  }

  /** The bucket and keys are required (load takes the keys from AWS_* variables too). */
  private static S3Settings s3(Map<String, String> v) {
    String bucket = v.get("s3_bucket");
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException("s3_bucket", bucket == null ? "must be set when files_adapter is s3"
          : "must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens (got '" + bucket + "')");
    }
    String region = v.getOrDefault("s3_region", "us-east-1");
    String endpoint = httpsUrl(v, "s3_endpoint", "https://s3." + region + ".amazonaws.com");
    String accessKey = v.get("s3_access_key");
    String secretKey = v.get("s3_secret_key");
    if (accessKey == null || secretKey == null) {
      throw new ConfigException(accessKey == null ? "s3_access_key" : "s3_secret_key",
          "must be set when files_adapter is s3 (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
    }
    String prefix = v.getOrDefault("s3_prefix", "");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new S3Settings(URI.create(endpoint), region, bucket, accessKey, secretKey,
        bool(v, "s3_path_style", false), prefix);
  }

  private static FileSettings.Adapter filesAdapter(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "disk" -> FileSettings.Adapter.DISK;
      case "postgres" -> FileSettings.Adapter.POSTGRES;
      case "s3" -> FileSettings.Adapter.S3;
      default -> throw new ConfigException("files_adapter", "must be disk, postgres or s3 (got '" + text + "')");
    };
  }

  /** A size in bytes, or with a unit: 512kb, 20mb, 1gb. */
  private static long size(Map<String, String> v, String key, long fallback) {
    String text = v.get(key);
    if (text == null) {
      return fallback;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,15})\\s*(b|kb|mb|gb)?").matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(key, "must be a size like 20mb, 512kb or a number of bytes (got '" + text + "')");
    }
    long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
      case "kb" -> 1024L;
      case "mb" -> 1024L * 1024;
      case "gb" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    long bytes = Long.parseLong(m.group(1)) * unit;
    if (bytes < 1) {
      throw new ConfigException(key, "must be at least 1 byte");
    }
    return bytes;
  }

  private static Role role(String text) {
    try {
      return Role.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("roles", "must be api, worker or both (got '" + text + "')");
    }
  }

  private static java.util.Set<String> liveQueryClasses(String text) {
    java.util.Set<String> classes = new java.util.LinkedHashSet<>(list(text));
    for (String name : classes) {
      if (!name.equals("*") && !name.matches("_?[A-Za-z][A-Za-z0-9_]*")) {
        throw new ConfigException("livequery_classes", "'" + name + "' is not a class name (or * for all)");
      }
    }
    return java.util.Set.copyOf(classes);
  }

  private static List<String> list(String text) {
    List<String> items = new ArrayList<>();
    if (text != null) {
      for (String item : text.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }

  private static List<ParsecConfig.HostPort> hostPorts(String text, int defaultPort) {
    List<ParsecConfig.HostPort> members = new ArrayList<>();
    for (String item : list(text)) {
      int colon = item.lastIndexOf(':');
      String host = colon < 0 ? item : item.substring(0, colon);
      int port = defaultPort;
      if (colon >= 0) {
        try {
          port = Integer.parseInt(item.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (host.isBlank() || port < 1 || port > 65535) {
        throw new ConfigException("cluster_members", "'" + item + "' is not host:port");
      }
      members.add(new ParsecConfig.HostPort(host, port));
    }
    return members;
  }
}
