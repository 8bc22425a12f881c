package dev.parsec.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops an entry from a node-wide cache on every node of the cluster, and completes only when each
 * node has answered that it did: a publication alone could reach a node after the client's next
 * request does. A node that does not answer in time is logged and not waited for.
 */
public final class NodeDrops {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDrops.class);
  private static final long TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final String address;
  private final Consumer<String> drop;

  /** @param name what is cached ("schema", "session"); @param drop drops a key from this node's cache */
  public NodeDrops(Vertx vertx, String name, Consumer<String> drop) {
    this.vertx = vertx;
    this.address = "parsec." + name + ".drop.";
    this.drop = drop;
  }

  /** Answers the other nodes' drops; completes once the consumer is registered. */
  public Future<Void> listen() {
    ClusterManager cluster = clusterManager();
    if (cluster == null) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().<String>consumer(address + cluster.getNodeId(), message -> {
      drop.accept(message.body());
      message.reply(null);
    }).completion();
  }

  /** Drops the key here, then on every other node, waiting for their answers. */
  public Future<Void> announce(String key) {
    drop.accept(key);
    ClusterManager cluster = clusterManager();
    if (cluster == null) {
      return Future.succeededFuture();
    }
    DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);
    List<Future<?>> answers = new ArrayList<>();
    for (String node : cluster.getNodes()) {
      if (!node.equals(cluster.getNodeId())) {
        // a node without API verticles has no cache and answers at once that nobody listens
        answers.add(vertx.eventBus().request(address + node, key, timeout).recover(failure -> {
          if (!(failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS)) {
            LOG.warn("node {} did not confirm dropping {} from its cache: {}", node, address, failure.getMessage());
          }
          return Future.succeededFuture();
        }));
      }
    }
    return Future.join(answers).mapEmpty();
  }

  private ClusterManager clusterManager() {
    return vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
  }
}
