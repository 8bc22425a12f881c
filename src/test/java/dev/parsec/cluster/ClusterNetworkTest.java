package dev.parsec.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.ConfigException;
import dev.parsec.config.ConfigLoader;
import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hazelcast on a network: cluster names, interfaces and Kubernetes discovery")
class ClusterNetworkTest {

  private static DatabaseUrl database;

  @BeforeAll
  static void database() {
    database = TestDatabases.fresh();
  }

  @Test
  @DisplayName("two nodes that list each other but carry different cluster names stay two clusters of one (one name: kubernetesDiscoveryThroughServiceDns)")
  void clusterNameSeparates() throws Exception {
    List<Map<String, String>> apart = TestNodes.clusterOfTwo(database);
    apart.get(0).put("cluster_name", "parsec-staging");
    apart.get(1).put("cluster_name", "parsec-production");
    Node staging = TestNodes.startReady(apart.get(0));
    Node production = TestNodes.startReady(apart.get(1));
    try {
      Thread.sleep(1000); // time for a late join, which must not happen
      assertEquals(1, staging.clusterSize());
      assertEquals(1, production.clusterSize());
      // without cluster_interfaces the cluster port answers on every local address (127.0.0.2 too)
      assertTrue(accepts("127.0.0.2", Integer.parseInt(apart.get(0).get("cluster_port"))));
    } finally {
      production.stop();
      staging.stop();
    }
  }

  @Test
  @DisplayName("kubernetes discovery: nodes find each other at the addresses the Service name resolves to, each bound on its own interface only")
  void kubernetesDiscoveryThroughServiceDns() throws Exception {
    // As in Kubernetes: every member on the same port, each on its own address. The Service's name
    // here is localhost (127.0.0.1), so the node on 127.0.0.2 finds the one on 127.0.0.1 through it.
    int clusterPort = TestNodes.freePort();
    Node first = TestNodes.startReady(kubernetesNode(database, "127.0.0.1", clusterPort));
    Node second = TestNodes.startReady(kubernetesNode(database, "127.0.0.2", clusterPort));
    try {
      assertEquals(2, first.clusterSize());
      assertEquals(2, second.clusterSize());
      // each binds the cluster port on its interface only (bound on all, the second could not have bound it)
      assertTrue(accepts("127.0.0.1", clusterPort));
      assertTrue(accepts("127.0.0.2", clusterPort));
      assertTrue(!accepts("127.0.0.3", clusterPort), "not bound on addresses outside cluster_interfaces");
      // and the cluster works: an object written through one node is read through the other
      Api one = Api.at(first.config().port()).asMaster();
      Api two = Api.at(second.config().port()).asMaster();
      String id = one.post("/parse/classes/Found", new JsonObject().put("via", "dns")).json().getString("objectId");
      assertEquals("dns", two.get("/parse/classes/Found/" + id).json().getString("via"));
      String ready = Api.at(second.config().port()).awaitReady().text();
      assertTrue(ready.contains("\"id\":\"cluster\",\"status\":\"UP\""), ready);
    } finally {
      second.stop();
      first.stop();
    }
  }

  @Test
  @DisplayName("bad cluster settings stop the start with one line naming the key")
  void badSettingsAreRefused() {
    assertRefused(database, Map.of("cluster_interfaces", "10.0.*"), "cluster_interfaces", "'10.0.*' is not an IPv4 address pattern");
    assertRefused(database, Map.of("cluster_interfaces", "10.0.0.300"), "cluster_interfaces", "not an IPv4 address pattern");
    assertRefused(database, Map.of("cluster_interfaces", "10.9.*.*", "cluster_host", "127.0.0.1"), "cluster_host",
        "127.0.0.1 is not in cluster_interfaces [10.9.*.*]");
    assertRefused(database, Map.of("cluster_interfaces", "203.0.113.1-9"), "cluster_interfaces", "no address of this machine matches");
    assertRefused(database, Map.of("cluster_discovery", "kubernetes"), "cluster_kubernetes_service_dns", "headless Service");
    assertRefused(database, Map.of("cluster_discovery", "kubernetes", "cluster_kubernetes_service_dns", "parsec-hz",
        "cluster_members", "10.0.0.1:5701"), "cluster_members", "must stay unset");
    assertRefused(database, Map.of("cluster_kubernetes_service_dns", "parsec-hz"), "cluster_kubernetes_service_dns", "only when");
    assertRefused(database, Map.of("cluster_discovery", "multicast"), "cluster_discovery", "must be tcp or kubernetes");
    assertRefused(database, Map.of("cluster_name", "my cluster"), "cluster_name", "letters, digits");
    // the defaults: the app's own cluster name, every interface, tcp
    Map<String, String> plain = TestNodes.settings(database);
    assertEquals("parsec-" + TestNodes.APP_ID, ConfigLoader.fromValues(plain).cluster().name());
    assertEquals(List.of(), ConfigLoader.fromValues(plain).cluster().interfaces());
    plain.put("cluster_interfaces", "127.0.0.*");
    assertEquals("127.0.0.1", ConfigLoader.fromValues(plain).clusterHost(), "the machine's address that matches");
  }

  private static Map<String, String> kubernetesNode(DatabaseUrl database, String address, int clusterPort) {
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("cluster_name", "parsec-production"); // set on both: members with one name join
    settings.put("cluster_discovery", "kubernetes");
    settings.put("cluster_kubernetes_service_dns", "localhost");
    settings.put("cluster_port", String.valueOf(clusterPort));
    settings.put("cluster_host", address);
    settings.put("cluster_interfaces", address);
    return settings;
  }

  private static void assertRefused(DatabaseUrl database, Map<String, String> values, String key, String message) {
    Map<String, String> settings = new HashMap<>(TestNodes.settings(database));
    settings.putAll(values);
    ConfigException refused = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(settings));
    assertTrue(refused.getMessage().contains(key) && refused.getMessage().contains(message), refused.getMessage());
    assertTrue(!refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
  }

  private static boolean accepts(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }
}
