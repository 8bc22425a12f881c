package dev.parsec.cloud;

import dev.parsec.clouddata.CloudData;
import dev.parsec.config.CloudSettings;
import dev.parsec.config.JobSchedule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cloud code on a node's worker verticle: its modules loaded, their functions answered, their jobs run. */
public final class CloudWorker {

  private static final Logger LOG = LoggerFactory.getLogger(CloudWorker.class);

  private JobRunner jobs;
  private TriggerDirectory directory;
  private String worker;
  private CloudThreads threads;

  /** @param data the data calls' entry of the node (its {@link dev.parsec.clouddata.CloudDataVerticle}) */
  public Future<Void> start(Vertx vertx, Pool pool, CloudSettings settings, String nodeId, CloudData data) {
    Cloud cloud = CloudModules.load(settings.codeDir());
    jobs = new JobRunner(vertx, pool, cloud.jobs(), nodeId, settings.jobLease(), settings.jobPollInterval(),
        settings.jobConcurrency(), data.master());
    // a node schedules the jobs it has; a schedule no node has a job for never runs, which each node says
    List<JobSchedule> schedules = new ArrayList<>();
    for (JobSchedule schedule : settings.jobSchedules()) {
      if (cloud.jobs().containsKey(schedule.job())) {
        schedules.add(schedule);
      } else {
        LOG.warn("job_schedules names {}, which no cloud code module of this node defines", schedule.job());
      }
    }
    new JobScheduler(vertx, pool, schedules, cloud.jobs().keySet()).start();
    directory = TriggerDirectory.of(vertx);
    worker = nodeId + "/" + UUID.randomUUID();
    // announced once the consumers are registered, so an API that sees a trigger can reach it
    threads = new CloudThreads("parsec-cloud-worker", VertxOptions.DEFAULT_WORKER_POOL_SIZE);
    return Future.all(FunctionRunner.register(vertx, cloud, data, threads).onSuccess(v -> directory.announce(worker,
        FunctionRunner.triggerNames(cloud))), jobs.start()).mapEmpty();
  }

  /** Withdraws this worker's triggers, tells running jobs to stop and hands them to the other nodes. */
  public Future<Void> stop() {
    if (directory != null) {
      directory.withdraw(worker);
    }
    if (threads != null) {
      threads.close();
    }
    return jobs == null ? Future.succeededFuture() : jobs.stop();
  }
}
