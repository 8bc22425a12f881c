package dev.parsec.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The front door of every node: limits on what one request may ask, CORS, the access log, TLS, and
 * how long a connection may hold a slot without a request (headerTimeout, idleTimeout).
 * A limit of 0 means none.
 */
public record GatewaySettings(
    long maxBodySize,
    int maxIncludeDepth,
    int maxOrClauses,
    int maxLimit,
    Duration requestTimeout,
    int maxConnections,
    List<String> corsOrigins,
    boolean accessLog,
    Optional<Tls> tls,
    List<RateLimitRule> rateLimits,
    boolean rateLimitMaster,
    Duration idempotencyTtl,
    boolean cacheObjects,
    Duration headerTimeout,
    Duration idleTimeout) {

  /** A certificate and key: PEM files, or a PKCS#12 keystore and its password. */
  public record Tls(Optional<Path> certPem, Optional<Path> keyPem, Optional<Path> pkcs12, Optional<String> pkcs12Password) {

    @Override
    public String toString() {
      return "Tls[" + certPem.or(() -> pkcs12).map(Path::toString).orElse("") + "]";
    }
  }
}
