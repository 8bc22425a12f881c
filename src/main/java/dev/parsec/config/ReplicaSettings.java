package dev.parsec.config;

import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL read replicas (database_replica_urls, each as database_url is written) and the lag beyond
 * which a replica is skipped (database_replica_max_lag). No URL: every read goes to the primary.
 */
public record ReplicaSettings(List<DatabaseUrl> urls, Duration maxLag) {

  public static final ReplicaSettings NONE = new ReplicaSettings(List.of(), Duration.ofSeconds(10));

  public boolean configured() {
    return !urls.isEmpty();
  }
}
