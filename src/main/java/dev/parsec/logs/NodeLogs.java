package dev.parsec.logs;

import dev.parsec.config.ParsecConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A node's recent log lines: its ring, and its answer on the event bus to /scriptlog asked on any node of
 * the cluster (at an address of its own, so that the asking node can tell who answered and wait for no one
 * longer than its timeout).
 */
public final class NodeLogs {

  static final String ADDRESS = "parsec.logs.";

  private final Vertx vertx;
  private final LogRing ring;
  private MessageConsumer<JsonObject> consumer;

  private NodeLogs(Vertx vertx, LogRing ring) {
    this.vertx = vertx;
    this.ring = ring;
  }

  /** Starts keeping the node's lines and answering for them. */
  public static Future<NodeLogs> start(Vertx vertx, ParsecConfig config) {
    Set<String> secrets = new HashSet<>();
    // the read-only master key may read these lines: no key or password that grants more may show in them
    config.masterKey().ifPresent(secrets::add);
    config.cloud().webhookKey().ifPresent(secrets::add);
    config.keys().maintenanceKey().ifPresent(secrets::add);
    config.email().smtpPassword().ifPresent(secrets::add);
    config.files().s3().ifPresent(s3 -> secrets.add(s3.secretKey()));
    NodeLogs logs = new NodeLogs(vertx, LogRings.register(vertx, config.cloud().logBufferLines(), config.cloud().logBufferSize(),
        secrets));
    logs.consumer = vertx.eventBus().consumer(ADDRESS + self(vertx), message -> message.reply(logs.answer(
        LogQuery.fromJson(message.body()))));
    return logs.consumer.completion().map(logs);
  }

  public Future<Void> stop() {
    LogRings.unregister(vertx);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** This node's lines and the process's that the query picks, as they travel. */
  private JsonObject answer(LogQuery query) {
    List<LogLine> lines = new ArrayList<>(query.pick(ring.lines(query::matches)));
    LogRing process = LogRings.process();
    if (process != null) {
      lines.addAll(query.pick(process.lines(query::matches)));
    }
    JsonArray wire = new JsonArray();
    lines.forEach(line -> wire.add(line.toWire()));
    return new JsonObject().put("lines", wire);
  }

  /** The event-bus address of each node of the cluster (this one alone when not clustered). */
  static List<String> addresses(Vertx vertx) {
    ClusterManager cluster = vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    if (cluster == null) {
      return List.of(ADDRESS + "local");
    }
    return cluster.getNodes().stream().map(node -> ADDRESS + node).toList();
  }

  private static String self(Vertx vertx) {
    ClusterManager cluster = vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    return cluster == null ? "local" : cluster.getNodeId();
  }
}
