package dev.parsec.cloud;

import dev.parsec.cloud.Cloud.Job;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of jobs. A worker takes a waiting job it has (or one whose lease ran out: its node
 * died) with one UPDATE ... FOR UPDATE SKIP LOCKED, so one worker of the cluster holds each job; it
 * renews the lease while the job runs on a worker thread, and records the outcome in _JobStatus. A
 * job that lost its lease, or whose node stops, is told to stop; a stopping node hands its jobs back
 * at once. New jobs are announced on the event bus, and workers also look every poll interval.
 */
public final class JobRunner {

  static final String NEW_JOB = "parsec.cloud.jobs.new";
  public static final String KNOWN = "parsec.cloud.job.known.";
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Map<String, Job> jobs;
  private final String nodeId;
  private final Duration lease;
  private final Duration pollInterval;
  private final int concurrency;
  /** The threads jobs run on, as many as may run at once: jobs do not wait for the functions' threads, nor fill them. */
  private final CloudThreads threads;
  /** The worker verticle's context, where a job's outcome is recorded. */
  private final io.vertx.core.Context context;
  /** The app's data as the master key, which jobs read and write. */
  private final Data data;
  private final Set<AtomicBoolean> running = ConcurrentHashMap.newKeySet();
  /** Claims asked of PostgreSQL and not answered yet: they count against the bound too. */
  private int claiming;
  private boolean stopping;

  JobRunner(Vertx vertx, Pool pool, Map<String, Job> jobs, String nodeId, Duration lease, Duration pollInterval,
            int concurrency, Data data) {
    this.vertx = vertx;
    this.data = data;
    this.concurrency = concurrency;
    this.threads = new CloudThreads("parsec-jobs", concurrency);
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.jobs = jobs;
    this.nodeId = nodeId;
    this.lease = lease;
    this.pollInterval = pollInterval;
  }

  Future<Void> start() {
    if (jobs.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> registered = new ArrayList<>();
    jobs.keySet().forEach(name -> registered.add(vertx.eventBus().consumer(KNOWN + name, message -> message.reply(true)).completion()));
    registered.add(vertx.eventBus().consumer(NEW_JOB, message -> poll()).completion());
    vertx.setPeriodic(pollInterval.toMillis(), id -> poll());
    return Future.all(registered).onSuccess(v -> poll()).mapEmpty();
  }

  /** Tells the running jobs to stop and hands them back, so another node takes them at once. */
  Future<Void> stop() {
    stopping = true;
    running.forEach(cancelled -> cancelled.set(true));
    threads.close();
    return pool.preparedQuery(JobSql.HAND_BACK).execute(Tuple.of(nodeId)).mapEmpty();
  }

  /** Takes as many waiting jobs as this node has room for (job_concurrency less those running or being taken). */
  private void poll() {
    int room = concurrency - running.size() - claiming;
    if (stopping || room <= 0) {
      return;
    }
    claiming += room;
    pool.preparedQuery(JobSql.CLAIM).execute(Tuple.of(nodeId, (double) lease.toSeconds(), jobs.keySet().toArray(String[]::new), room))
        .onComplete(done -> claiming -= room)
        .onFailure(e -> LOG.warn("could not look for jobs: {}", e.getMessage()))
        .onSuccess(rows -> {
          rows.forEach(this::run);
          if (rows.size() == room) {
            poll(); // there may be more waiting
          }
        });
  }

  private void run(Row row) {
    String id = row.getString("objectId");
    String name = row.getString("jobName");
    Object stored = row.getValue("params");
    JsonObject params = stored instanceof JsonObject object ? object : new JsonObject();
    AtomicBoolean cancelled = new AtomicBoolean();
    running.add(cancelled);
    long renewing = vertx.setPeriodic(Math.max(500, lease.toMillis() / 3), timer -> pool.preparedQuery(JobSql.RENEW)
        .execute(Tuple.of(id, nodeId, (double) lease.toSeconds()))
        .onSuccess(rows -> {
          if (rows.rowCount() == 0) {
            cancelled.set(true); // another worker holds it now
          }
        }));
    Cloud.JobRequest request = new Cloud.JobRequest() {
      @Override
      public JsonObject params() {
        return params;
      }

      @Override
      public void message(String progress) {
        pool.preparedQuery(JobSql.PROGRESS).execute(Tuple.of(id, nodeId, progress));
      }

      @Override
      public boolean cancelled() {
        return cancelled.get();
      }

      @Override
      public Data data() {
        return data;
      }
    };
    LOG.info("job {} ({}) started", name, id);
    threads.run(context, () -> jobs.get(name).run(request)).compose(FunctionRunner::settled).onComplete(done -> {
      vertx.cancelTimer(renewing);
      running.remove(cancelled);
      if (cancelled.get()) {
        LOG.info("job {} ({}) stopped here; another worker takes it", name, id);
        return;
      }
      String status = done.succeeded() ? "succeeded" : "failed";
      String message = done.succeeded() ? (done.result() == null ? null : done.result() instanceof String text ? text : Json.encode(done.result()))
          : String.valueOf(done.cause().getMessage());
      pool.preparedQuery(JobSql.FINISH).execute(Tuple.of(id, nodeId, status, message, OffsetDateTime.now(ZoneOffset.UTC)))
          .onComplete(v -> poll());
      LOG.info("job {} ({}) {}", name, id, status);
    });
  }
}
