package dev.parsec.worker;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * Runs on a worker thread and takes slow work from the clustered event bus, from this node or any
 * other. For now it answers who it is, which shows a request crossing the cluster to a worker; cloud
 * functions, jobs and push fan-out arrive here as their own consumers.
 */
public final class WorkerVerticle extends VerticleBase {

  public static final String PING_ADDRESS = "parsec.worker.ping";

  private final String nodeId;

  public WorkerVerticle(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(PING_ADDRESS, message -> message.reply(new JsonObject()
            .put("node", nodeId)
            .put("thread", Thread.currentThread().getName())))
        .completion();
  }
}
