package dev.parsec.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.parsec.config.ClusterSettings;
import dev.parsec.config.ParsecConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Hazelcast cluster a node joins: Vert.x's own map definitions (from the classpath
 * cluster.xml of vertx-hazelcast), no multicast, and members found by TCP-IP join on the configured
 * members or by Hazelcast's Kubernetes discovery (DNS mode: the addresses of a headless Service).
 */
public final class ClusterSetup {

  private ClusterSetup() {
  }

  public static HazelcastClusterManager clusterManager(ParsecConfig config) {
    ClusterSettings cluster = config.cluster();
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // Parsec leaves the cluster itself, in order, when it stops
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.local.localAddress", config.clusterHost());
    // the sides of a cluster split by a partition look for each other every 10 s once it healed, not 5 min after the
    // start and then every 2 min (Hazelcast's defaults): until they merge, a write's LiveQuery event reaches the
    // subscribers of its own side only (scripts/faults.sh partition with FAULTS_PARTITION_SECONDS above 60)
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
    NetworkConfig network = hz.getNetworkConfig();
    // a node restarted at once binds its port again though connections of its last run linger in TIME_WAIT
    network.setPort(config.clusterPort()).setPortAutoIncrement(false).setReuseAddress(true);
    if (!cluster.interfaces().isEmpty()) {
      network.getInterfaces().setEnabled(true).setInterfaces(cluster.interfaces());
      // bind the cluster port on the chosen address only, not on every interface (Hazelcast's default)
      hz.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.discovery() == ClusterSettings.Discovery.KUBERNETES) {
      join.getTcpIpConfig().setEnabled(false);
      // every pod listens on the same cluster_port, so the Service's addresses with that port are the members
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", cluster.kubernetesServiceDns().orElseThrow())
          .setProperty("service-port", String.valueOf(config.clusterPort()));
    } else {
      join.getTcpIpConfig().setEnabled(true);
      config.clusterMembers().forEach(member -> join.getTcpIpConfig().addMember(member.toString()));
    }
    return new HazelcastClusterManager(hz);
  }
}
