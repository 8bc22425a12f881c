package dev.parsec.cloud;

import dev.parsec.config.JobSchedule;
import dev.parsec.db.ObjectIds;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts scheduled jobs. Every second each worker that has a scheduled job checks whether a new slot
 * began; if so it inserts the slot's run, keyed by a unique slot key, so that of all the workers
 * trying only one row results, which the job runners then take like any job.
 */
final class JobScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  private final Vertx vertx;
  private final Pool pool;
  private final List<JobSchedule> schedules;
  /** The last slot of each schedule known to have its run. */
  private final Map<JobSchedule, Instant> started = new HashMap<>();

  JobScheduler(Vertx vertx, Pool pool, List<JobSchedule> schedules) {
    this.vertx = vertx;
    this.pool = pool;
    this.schedules = schedules;
  }

  void start() {
    if (!schedules.isEmpty()) {
      vertx.setPeriodic(0, 1_000, id -> tick());
    }
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
              schedule.job(), new JsonObject().put("schedule", schedule.text()), schedule.slotKey(slot)))
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
  }
}
