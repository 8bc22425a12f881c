package dev.parsec.cloud;

import dev.parsec.config.CloudSettings;
import dev.parsec.config.JobSchedule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.backends.BackendRegistries;
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
  private CloudThreads functionThreads;
  private CloudThreads triggerThreads;

  /** @param data the data calls' entry of the node (its {@code clouddata.CloudDataVerticle}) */
  public Future<Void> start(Vertx vertx, Pool pool, CloudSettings settings, String nodeId, DataForCalls data) {
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
    // functions and triggers on threads of their own: functions waiting for saves whose triggers need a thread
    // could otherwise hold every thread, and their saves would wait for a trigger that never runs
    functionThreads = new CloudThreads("parsec-cloud-function", VertxOptions.DEFAULT_WORKER_POOL_SIZE);
    triggerThreads = new CloudThreads("parsec-cloud-trigger", VertxOptions.DEFAULT_WORKER_POOL_SIZE);
    CloudAnswers functions = new CloudAnswers(vertx.getOrCreateContext(), functionThreads);
    CloudAnswers triggerCode = new CloudAnswers(vertx.getOrCreateContext(), triggerThreads);
    List<String> triggers = new ArrayList<>(FunctionRunner.triggerNames(cloud));
    triggers.addAll(LiveQueryRunner.triggerNames(cloud));
    return Future.all(Future.all(FunctionRunner.register(vertx, cloud, data, functions, triggerCode,
            BackendRegistries.getNow(nodeId)),
            LiveQueryRunner.register(vertx, cloud, triggerCode))
        .onSuccess(v -> directory.announce(worker, triggers)), jobs.start()).mapEmpty();
  }

  /** Withdraws this worker's triggers, tells running jobs to stop and hands them to the other nodes. */
  public Future<Void> stop() {
    if (directory != null) {
      directory.withdraw(worker);
    }
    if (functionThreads != null) {
      functionThreads.close();
      triggerThreads.close();
    }
    return jobs == null ? Future.succeededFuture() : jobs.stop();
  }
}
