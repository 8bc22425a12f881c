package dev.parsec.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.parsec.config.ParsecConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Hazelcast cluster a node joins: Vert.x's own map definitions (from the classpath
 * cluster.xml of vertx-hazelcast), TCP-IP join on the configured members, no multicast.
 */
public final class ClusterSetup {

  private ClusterSetup() {
  }

  public static HazelcastClusterManager clusterManager(ParsecConfig config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName("parsec-" + config.appId());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // Parsec leaves the cluster itself, in order, when it stops
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.local.localAddress", config.clusterHost());
    NetworkConfig network = hz.getNetworkConfig();
    // a node restarted at once binds its port again though connections of its last run linger in TIME_WAIT
    network.setPort(config.clusterPort()).setPortAutoIncrement(false).setReuseAddress(true);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    config.clusterMembers().forEach(member -> join.getTcpIpConfig().addMember(member.toString()));
    return new HazelcastClusterManager(hz);
  }
}
