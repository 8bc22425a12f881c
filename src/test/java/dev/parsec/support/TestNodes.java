package dev.parsec.support;

import dev.parsec.config.ConfigLoader;
import dev.parsec.config.DatabaseUrl;
import dev.parsec.config.ParsecConfig;
import dev.parsec.node.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts real Parsec nodes for tests, configured as an operator would, on free ports. */
public final class TestNodes {

  public static final String APP_ID = "test-app";
  public static final String MASTER_KEY = "test-master-key-0123456789";

  private TestNodes() {
  }

  /** The settings of a node on its own fresh database; callers add or replace keys. */
  public static Map<String, String> settings(DatabaseUrl database) {
    Map<String, String> values = new HashMap<>();
    values.put("port", String.valueOf(freePort()));
    values.put("host", "127.0.0.1");
    values.put("app_id", APP_ID);
    values.put("master_key", MASTER_KEY);
    values.put("database_url", "postgres://" + database.user() + (database.password().isEmpty() ? "" : ":" + database.password())
        + "@" + database.host() + ":" + database.port() + "/" + database.database());
    values.put("data_dir", TestDatabases.TestDirs.create("node").toString());
    values.put("http_instances", "2");
    values.put("shutdown_grace", "10");
    // On a loaded test machine one hash can take over the default second: tests of other features must not get
    // 155 for it (LoginStormTest sets its own).
    values.put("password_hash_timeout", "0");
    return values;
  }

  /**
   * The settings of two nodes that form one cluster on one database (Hazelcast on two free ports);
   * each map takes further keys before {@link #start}.
   */
  public static List<Map<String, String>> clusterOfTwo(DatabaseUrl database) {
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    Map<String, String> a = settings(database);
    a.putAll(Map.of("cluster_members", members, "cluster_port", String.valueOf(portA)));
    Map<String, String> b = settings(database);
    b.putAll(Map.of("cluster_members", members, "cluster_port", String.valueOf(portB)));
    return List.of(a, b);
  }

  /** Starts two clustered nodes on one database, both with these settings, and waits until both are ready. */
  public static List<Node> startPair(DatabaseUrl database, Map<String, String> both) {
    List<Map<String, String>> cluster = clusterOfTwo(database);
    cluster.forEach(settings -> settings.putAll(both));
    return List.of(startReady(cluster.get(0)), startReady(cluster.get(1)));
  }

  /** Starts a node and waits until it answers /ready (its database, and its cluster when clustered). */
  public static Node startReady(Map<String, String> settings) {
    Node node = start(settings);
    Api.at(node.config().port()).awaitReady();
    return node;
  }

  public static Node start(Map<String, String> settings) {
    ParsecConfig config = ConfigLoader.fromValues(settings);
    try {
      return Node.start(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A port free now, below Linux's ephemeral range (32768 and up): a port the system handed out for
   * listening could be taken by an outgoing connection (to PostgreSQL, to the other node) before the
   * node binds it, which made cluster tests fail now and then. No port is handed out twice in a run.
   */
  public static synchronized int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + RANDOM.nextInt(12_000);
      if (handedOut.contains(port)) {
        continue; // given to a node that may not have bound it yet
      }
      // without SO_REUSEADDR, as a server that does not set it binds: a port in TIME_WAIT is not free to it
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new java.net.InetSocketAddress("127.0.0.1", port), 1);
        handedOut.add(port);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port found between 20000 and 32000"));
  }

  private static final java.util.Random RANDOM = new java.util.Random();
  private static final java.util.Set<Integer> handedOut = new java.util.HashSet<>();
}
