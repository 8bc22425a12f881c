package dev.parsec.clouddata;

import dev.parsec.config.ParsecConfig;
import dev.parsec.node.DataPath;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The event loop cloud code's data calls run on, on a node that runs workers: it owns a {@link DataPath} (the
 * one read and write path, as each API verticle owns one), and every call of {@link CallerData} hops onto it.
 *
 * <p>Its pool may open database_pool_size connections, as one API event loop's may: it serves as many calls at
 * once as the node's worker threads and asynchronous code make, and a pool opens connections only as calls need
 * them, so a node whose cloud code reads nothing opens none. It reads from the primary, never a replica: cloud
 * code reads what it wrote the moment before.
 */
public final class CloudDataVerticle extends VerticleBase {

  private final ParsecConfig config;
  private final String metricsRegistry;
  private DataPath path;
  private CloudData data;

  public CloudDataVerticle(ParsecConfig config, String metricsRegistry) {
    this.config = config;
    this.metricsRegistry = metricsRegistry;
  }

  @Override
  public Future<?> start() {
    path = new DataPath(vertx, config, metricsRegistry, null, config.databasePoolSize());
    data = new CloudData(context, path);
    return path.listen();
  }

  @Override
  public Future<?> stop() {
    return path == null ? Future.succeededFuture() : path.close();
  }

  /** The data calls' entry, once started. */
  public CloudData data() {
    return data;
  }
}
