package dev.parsec.node;

import dev.parsec.clouddata.CloudDataVerticle;
import dev.parsec.cluster.ClusterSetup;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.Database;
import dev.parsec.db.EmbeddedPostgres;
import dev.parsec.logs.NodeLogs;
import dev.parsec.ops.AdminVerticle;
import dev.parsec.push.PushWorkerVerticle;
import dev.parsec.replicas.ReplicaWatch;
import dev.parsec.tracing.Tracing;
import dev.parsec.worker.WorkerVerticle;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Parsec node: its database (embedded when none is configured), its Vert.x instance (clustered
 * when members are configured) and the verticles its roles ask for. {@link #stop()} undoes it all, in order.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final ParsecConfig config;
  private final Vertx vertx;
  private final EmbeddedPostgres embedded;
  private final String id;
  /** The node's tracer; null when tracing is off. */
  private final Tracing tracing;
  private NodeLogs logs;
  private ReplicaWatch replicas;
  /** The deployment of cloud code's data path; null on a node without workers. */
  private volatile String cloudData;

  private Node(ParsecConfig config, Vertx vertx, EmbeddedPostgres embedded, String id, Tracing tracing) {
    this.config = config;
    this.vertx = vertx;
    this.embedded = embedded;
    this.id = id;
    this.tracing = tracing;
  }

  /** Starts a node; blocking work (embedded database, migrations) runs on the calling thread, before any event loop serves. */
  public static Node start(ParsecConfig given) throws IOException {
    ParsecConfig config = given;
    Files.createDirectories(config.dataDir());
    if (config.masterKey().isEmpty()) {
      config = config.withMasterKey(MasterKeyFile.loadOrCreate(config.dataDir()));
    }
    EmbeddedPostgres embedded = null;
    if (config.databaseUrl().isEmpty()) {
      embedded = EmbeddedPostgres.start(config.dataDir().resolve("postgres"), List.of());
      config = config.withDatabaseUrl(embedded.database("parsec"));
    }
    Tracing tracing = null;
    try {
      Database.migrate(config.databaseUrl().orElseThrow());
      String id = UUID.randomUUID().toString();
      tracing = Tracing.start(config.tracing(), id);
      Vertx vertx = createVertx(config, id, tracing).await();
      Node node = new Node(config, vertx, embedded, id, tracing);
      node.deploy().await();
      return node;
    } catch (RuntimeException e) {
      if (tracing != null) {
        tracing.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  public ParsecConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String id() {
    return id;
  }

  /** How many nodes this node sees in its cluster (1 when it runs alone). */
  public int clusterSize() {
    return vertx instanceof io.vertx.core.internal.VertxInternal internal && internal.clusterManager() != null
        ? internal.clusterManager().getNodes().size() : 1;
  }

  /** Stops accepting requests, lets those in flight finish, leaves the cluster, stops the embedded database. */
  public void stop() {
    try {
      // undeploy first: Vert.x's own close would shut servers and pools before their verticles drain; cloud code's
      // data path last, so that code still running while its verticles stop can read and write
      Future.join(vertx.deploymentIDs().stream().filter(deployment -> !deployment.equals(cloudData)).map(vertx::undeploy).toList()).await();
      if (cloudData != null) {
        vertx.undeploy(cloudData).await();
      }
      if (logs != null) {
        logs.stop().await();
      }
      if (replicas != null) {
        replicas.close().await();
      }
      vertx.close().await();
    } finally {
      if (tracing != null) {
        tracing.close();
      }
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private Future<?> deploy() {
    // the node's recent log lines are kept from before its verticles start, and every node answers for its own
    Future<?> kept = NodeLogs.start(vertx, config).onSuccess(started -> logs = started);
    Future<?> api = Future.succeededFuture();
    if (config.roles().servesApi()) {
      if (config.replicas().configured()) {
        replicas = ReplicaWatch.start(vertx, config.databaseUrl().orElseThrow(), config.replicas(),
            config.databasePreparedStatements(), io.vertx.micrometer.backends.BackendRegistries.getNow(id));
      }
      ReplicaWatch watch = replicas;
      api = vertx.deployVerticle(() -> new ApiVerticle(config, id, watch),
          new DeploymentOptions().setInstances(config.httpInstances()))
          .recover(e -> Future.failedFuture(PortInUse.named(e, "port", config.port(), config.host())));
    }
    Future<?> workers = Future.succeededFuture();
    if (config.roles().runsWorkers()) {
      // cloud code's data calls run on an event loop of their own, started before the code that makes them
      CloudDataVerticle data = new CloudDataVerticle(config, id);
      workers = vertx.deployVerticle(data).onSuccess(deployment -> cloudData = deployment).compose(deployed -> Future.all(
          vertx.deployVerticle(new WorkerVerticle(config, id, data.data()), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)),
          vertx.deployVerticle(new PushWorkerVerticle(config, id), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))));
    }
    Future<?> admin = Future.succeededFuture();
    if (config.adminPort().isPresent()) {
      admin = vertx.deployVerticle(new AdminVerticle(config, id))
          .recover(e -> Future.failedFuture(PortInUse.named(e, "admin_port", config.adminPort().getAsInt(), config.host())));
    }
    Future<?> gauges = vertx.deployVerticle(new NodeGaugesVerticle(config, id));
    return Future.all(List.of(kept, api, workers, admin, gauges));
  }

  /** JVM meters are bound after Vert.x has set up the registry's filters. */
  private static Vertx bindJvmMetrics(Vertx vertx, PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return vertx;
  }

  private static Future<Vertx> createVertx(ParsecConfig config, String id, Tracing tracing) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BoundedLabels.filters().forEach(registry.config()::meterFilter);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(id)
        .setJvmMetricsEnabled(false)
        // with the address, the side (local or remote): without it each handler's two pending gauges (local and
        // remote messages) had one name and one address, and Micrometer refused the second with a warning
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.EB_ADDRESS, Label.EB_SIDE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setMetricsOptions(metrics);
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new ParsecMetricsFactory(registry));
    if (tracing != null) {
      tracing.installOn(builder);
    }
    if (!config.clustered()) {
      return Future.succeededFuture(bindJvmMetrics(builder.build(), registry));
    }
    options.setEventBusOptions(new EventBusOptions()
        .setHost(config.clusterHost())
        .setClusterPublicHost(config.clusterHost()));
    return builder.with(options).withClusterManager(ClusterSetup.clusterManager(config)).buildClustered()
        .map(vertx -> bindJvmMetrics(vertx, registry))
        .onSuccess(v -> LOG.info("joined the cluster as {} on {}:{}", id, config.clusterHost(), config.clusterPort()));
  }
}
