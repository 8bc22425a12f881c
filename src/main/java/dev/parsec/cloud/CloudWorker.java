package dev.parsec.cloud;

import dev.parsec.config.CloudSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** Cloud code on a node's worker verticle: its modules loaded, their functions answered, their jobs run. */
public final class CloudWorker {

  private JobRunner jobs;

  public Future<Void> start(Vertx vertx, Pool pool, CloudSettings settings, String nodeId) {
    Cloud cloud = CloudModules.load(settings.codeDir());
    jobs = new JobRunner(vertx, pool, cloud.jobs(), nodeId, settings.jobLease(), settings.jobPollInterval());
    return Future.all(FunctionRunner.register(vertx, cloud), jobs.start()).mapEmpty();
  }

  /** Tells running jobs to stop and hands them to the other nodes. */
  public Future<Void> stop() {
    return jobs == null ? Future.succeededFuture() : jobs.stop();
  }
}
