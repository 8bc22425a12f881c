package dev.parsec.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of a node, typed and validated once at start (see {@link ConfigLoader}).
 * Optional values are absent when the operator left them unset.
 */
public record ParsecConfig(
    String host,
    int port,
    java.util.OptionalInt adminPort,
    String appId,
    Optional<String> masterKey,
    Path dataDir,
    Optional<DatabaseUrl> databaseUrl,
    int databasePoolSize,
    boolean databasePreparedStatements,
    Optional<RedisSettings> redis,
    String serverUrl,
    String mountPath,
    List<HostPort> clusterMembers,
    String clusterHost,
    int clusterPort,
    ClusterSettings cluster,
    Role roles,
    boolean allowClientClassCreation,
    List<Cidr> masterKeyIps,
    int httpInstances,
    Duration shutdownGrace,
    int batchLimit,
    boolean autoIndex,
    long autoIndexMinRows,
    java.util.Set<String> liveQueryClasses,
    FileSettings files,
    Duration sessionLength,
    PasswordHashing passwordHashing,
    int accountLockoutThreshold,
    int accountLockoutMinutes,
    List<Cidr> trustedProxies,
    AuthSettings auth,
    EmailSettings email,
    PasswordPolicy passwordPolicy,
    GatewaySettings gateway,
    PushSettings push,
    CloudSettings cloud,
    PageSettings pages,
    ClientKeys keys,
    SessionSettings sessions,
    ApiOptions api,
    LogSettings logging,
    ReplicaSettings replicas,
    TracingSettings tracing) {

  public boolean clustered() {
    return !clusterMembers.isEmpty() || cluster.discovery() == ClusterSettings.Discovery.KUBERNETES;
  }

  /** The same configuration with the master key set (used once the generated key is known). */
  public ParsecConfig withMasterKey(String key) {
    return new ParsecConfig(host, port, adminPort, appId, Optional.of(key), dataDir, databaseUrl, databasePoolSize,
        databasePreparedStatements, redis, serverUrl, mountPath, clusterMembers, clusterHost, clusterPort, cluster, roles,
        allowClientClassCreation, masterKeyIps, httpInstances, shutdownGrace, batchLimit,
        autoIndex, autoIndexMinRows, liveQueryClasses, files, sessionLength, passwordHashing,
        accountLockoutThreshold, accountLockoutMinutes, trustedProxies, auth, email, passwordPolicy, gateway, push, cloud,
        pages, keys, sessions, api, logging, replicas, tracing);
  }

  /** The same configuration pointed at another database (used once the embedded one is started). */
  public ParsecConfig withDatabaseUrl(DatabaseUrl url) {
    return new ParsecConfig(host, port, adminPort, appId, masterKey, dataDir, Optional.of(url), databasePoolSize,
        databasePreparedStatements, redis, serverUrl, mountPath, clusterMembers, clusterHost, clusterPort, cluster, roles,
        allowClientClassCreation, masterKeyIps, httpInstances, shutdownGrace, batchLimit,
        autoIndex, autoIndexMinRows, liveQueryClasses, files, sessionLength, passwordHashing,
        accountLockoutThreshold, accountLockoutMinutes, trustedProxies, auth, email, passwordPolicy, gateway, push, cloud,
        pages, keys, sessions, api, logging, replicas, tracing);
  }

  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }
}
