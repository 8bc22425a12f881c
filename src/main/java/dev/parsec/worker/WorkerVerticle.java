package dev.parsec.worker;

import dev.parsec.cloud.CloudWorker;
import dev.parsec.clouddata.CloudData;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.Database;
import dev.parsec.query.IndexAdvisor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on a worker thread and takes slow work from the clustered event bus, from this node or any
 * other: building the indexes queries need, and answering who it is (which shows a request
 * crossing the cluster to a worker). Cloud functions, jobs and push fan-out arrive here as consumers too.
 */
public final class WorkerVerticle extends VerticleBase {

  public static final String PING_ADDRESS = "parsec.worker.ping";
  private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);

  private final ParsecConfig config;
  private final String nodeId;
  private Pool pool;
  private final CloudWorker cloud = new CloudWorker();

  private final CloudData data;

  /** @param data the data calls' entry of cloud code on this node */
  public WorkerVerticle(ParsecConfig config, String nodeId, CloudData data) {
    this.config = config;
    this.nodeId = nodeId;
    this.data = data;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config.databaseUrl().orElseThrow(), 2, "pg-worker", config.databasePreparedStatements());
    IndexBuilder indexes = new IndexBuilder(pool, config.autoIndexMinRows());
    var ping = vertx.eventBus().<JsonObject>consumer(PING_ADDRESS, message -> message.reply(new JsonObject()
        .put("node", nodeId)
        .put("thread", Thread.currentThread().getName())));
    var index = vertx.eventBus().<JsonObject>consumer(IndexAdvisor.ADDRESS, message -> indexes.build(message.body())
        .onFailure(e -> LOG.warn("could not build an index for {}: {}", message.body().encode(), e.getMessage())));
    return Future.join(ping.completion(), index.completion(), cloud.start(vertx, pool, config.cloud(), nodeId, data));
  }

  @Override
  public Future<?> stop() {
    return cloud.stop().eventually(() -> pool.close());
  }
}
