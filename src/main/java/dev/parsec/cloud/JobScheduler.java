package dev.parsec.cloud;

import dev.parsec.config.JobSchedule;
import dev.parsec.db.ObjectIds;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts scheduled jobs: those of job_schedules, and those made through /cloud_code/jobs (_JobSchedule,
 * re-read every few seconds and at once when one changes). Every second each worker that has a scheduled
 * job checks whether a new slot began; if so it inserts the slot's run, keyed by a unique slot key, so
 * that of all the workers trying only one row results, which the job runners then take like any job.
 */
final class JobScheduler {

  /** Published when a _JobSchedule object changed, so that every scheduler reads them again. */
  static final String SCHEDULES_CHANGED = "parsec.cloud.schedules.changed";
  private static final long RELOAD_MILLIS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  private final Vertx vertx;
  private final Pool pool;
  private final List<JobSchedule> schedules;
  /** The jobs this node has: it starts the stored schedules of these only. */
  private final Set<String> jobs;
  /** The last slot of each schedule known to have its run. */
  private final Map<JobSchedule, Instant> started = new HashMap<>();
  private final Map<String, Instant> storedStarted = new HashMap<>();
  private List<StoredSchedule> stored = List.of();
  private long loadedAt;
  private boolean loading;

  JobScheduler(Vertx vertx, Pool pool, List<JobSchedule> schedules, Set<String> jobs) {
    this.vertx = vertx;
    this.pool = pool;
    this.schedules = schedules;
    this.jobs = jobs;
  }

  void start() {
    if (jobs.isEmpty()) {
      return;
    }
    vertx.eventBus().consumer(SCHEDULES_CHANGED, message -> load());
    vertx.setPeriodic(0, 1_000, id -> tick());
  }

  private void tick() {
    Instant now = Instant.now();
    for (JobSchedule schedule : schedules) {
      Instant slot = schedule.slotAt(now);
      if (slot.equals(started.get(schedule))) {
        continue;
      }
      started.put(schedule, slot);
      pool.preparedQuery(JobSql.INSERT_SCHEDULED).execute(Tuple.of(ObjectIds.next(), OffsetDateTime.now(ZoneOffset.UTC),
              schedule.job(), new JsonObject().put("schedule", schedule.text()).put("slot", slot.toString()), schedule.slotKey(slot)))
          .onSuccess(rows -> {
            if (rows.rowCount() == 1) {
              LOG.info("scheduled job {} started for {}", schedule.job(), slot);
              vertx.eventBus().publish(JobRunner.NEW_JOB, "");
            }
          })
          .onFailure(failure -> {
            started.remove(schedule, slot); // tried again next second
            LOG.warn("could not start scheduled job {}: {}", schedule.job(), failure.getMessage());
          });
    }
    if (System.currentTimeMillis() - loadedAt >= RELOAD_MILLIS) {
      load();
    }
    for (StoredSchedule schedule : stored) {
      Instant slot = schedule.slotAt(now);
      if (slot == null || slot.equals(storedStarted.get(schedule.objectId())) || !jobs.contains(schedule.job())) {
        continue;
      }
      storedStarted.put(schedule.objectId(), slot);
      pool.preparedQuery(JobSql.INSERT_STORED).execute(Tuple.from(new Object[] {ObjectIds.next(),
              OffsetDateTime.now(ZoneOffset.UTC), schedule.job(), schedule.params(), schedule.slotKey(slot),
              (double) slot.toEpochMilli(), schedule.objectId()}))
          .onSuccess(rows -> {
            if (rows.iterator().next().getLong("started") == 1) {
              LOG.info("scheduled job {} ({}) started for {}", schedule.job(), schedule.objectId(), slot);
              vertx.eventBus().publish(JobRunner.NEW_JOB, "");
            }
          })
          .onFailure(failure -> {
            storedStarted.remove(schedule.objectId(), slot);
            LOG.warn("could not start scheduled job {} ({}): {}", schedule.job(), schedule.objectId(), failure.getMessage());
          });
    }
  }

  /** Reads the stored schedules again (not while a read is under way). */
  private void load() {
    if (loading) {
      return;
    }
    loading = true;
    loadedAt = System.currentTimeMillis();
    pool.query(JobSql.STORED_SCHEDULES).execute()
        .onComplete(done -> loading = false)
        .onSuccess(rows -> {
          List<StoredSchedule> read = new ArrayList<>();
          for (Row row : rows) {
            StoredSchedule schedule = StoredSchedule.of(row);
            if (schedule != null) {
              read.add(schedule);
            }
          }
          stored = List.copyOf(read);
          // forget the slots of schedules deleted since
          storedStarted.keySet().retainAll(read.stream().map(StoredSchedule::objectId).toList());
        })
        .onFailure(failure -> LOG.warn("could not read the job schedules: {}", failure.getMessage()));
  }
}
