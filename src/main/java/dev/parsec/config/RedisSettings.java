package dev.parsec.config;

import java.util.List;

/**
 * The Redis the nodes share as a cache: one server (standalone), a master found through Sentinels,
 * or a Redis Cluster. urls are the server, the Sentinels, or some nodes of the cluster.
 */
public record RedisSettings(List<String> urls, Mode mode, String masterName) {

  public enum Mode { STANDALONE, SENTINEL, CLUSTER }

  /** Passwords in the URLs stay out of logs. */
  @Override
  public String toString() {
    return "RedisSettings[urls=" + urls.stream().map(url -> url.replaceAll("//[^@/]*@", "//***@")).toList()
        + ", mode=" + mode + ", masterName=" + masterName + "]";
  }
}
