package dev.parsec.cloud;

/**
 * Every SQL statement about jobs, which are rows of _JobStatus. Clients may read none of them: the rows
 * carry an empty ACL, and the class permits nothing.
 */
final class JobSql {

  /** A job started through the API, pending until a worker takes it. */
  static final String INSERT_API = "INSERT INTO \"_JobStatus\" (\"objectId\", \"createdAt\", \"updatedAt\", \"_rperm\","
      + " \"_wperm\", \"jobName\", \"source\", \"status\", \"params\") VALUES ($1, $2, $2, '{}', '{}', $3, 'api', 'pending', $4)";
  /** A scheduled slot's run; of all the workers trying, one row results. */
  static final String INSERT_SCHEDULED = "INSERT INTO \"_JobStatus\" (\"objectId\", \"createdAt\", \"updatedAt\", \"_rperm\","
      + " \"_wperm\", \"jobName\", \"source\", \"status\", \"params\", \"_schedule_slot\") VALUES ($1, $2, $2, '{}', '{}', $3, 'schedule', 'pending', $4, $5)"
      + " ON CONFLICT (\"_schedule_slot\") DO NOTHING";
  /** The schedules made through /cloud_code/jobs (Parse Dashboard). */
  static final String STORED_SCHEDULES = "SELECT \"objectId\", \"jobName\", \"params\", \"startAfter\", \"daysOfWeek\","
      + " \"timeOfDay\", \"repeatMinutes\", \"lastRun\" FROM \"_JobSchedule\"";
  /**
   * A stored schedule's slot run, as INSERT_SCHEDULED, and the schedule's lastRun ($6, epoch ms) set when this
   * worker's row is the one that results ($7: the schedule's objectId); answers how many rows it inserted.
   */
  static final String INSERT_STORED = "WITH run AS (" + INSERT_SCHEDULED + " RETURNING 1), marked AS (UPDATE \"_JobSchedule\""
      + " SET \"lastRun\" = $6 WHERE \"objectId\" = $7 AND EXISTS (SELECT 1 FROM run) RETURNING 1) SELECT count(*) AS started FROM run";
  /** Takes up to $4 waiting jobs (pending, or running with a lapsed lease) for the worker $1. */
  static final String CLAIM = "UPDATE \"_JobStatus\" j SET \"status\" = 'running', \"_leased_by\" = $1,"
      + " \"_lease_until\" = now() + make_interval(secs => $2), \"updatedAt\" = now()"
      + " FROM (SELECT \"objectId\" FROM \"_JobStatus\" WHERE \"jobName\" = ANY($3) AND (\"status\" = 'pending'"
      + " OR (\"status\" = 'running' AND \"_lease_until\" < now())) ORDER BY \"createdAt\" LIMIT $4 FOR UPDATE SKIP LOCKED) waiting"
      + " WHERE j.\"objectId\" = waiting.\"objectId\" RETURNING j.\"objectId\", j.\"jobName\", j.\"params\"";
  /** Renews the worker's lease on a job it runs. */
  static final String RENEW = "UPDATE \"_JobStatus\" SET \"_lease_until\" = now() + make_interval(secs => $3)"
      + " WHERE \"objectId\" = $1 AND \"_leased_by\" = $2 AND \"status\" = 'running'";
  /** A running job's message. */
  static final String PROGRESS = "UPDATE \"_JobStatus\" SET \"message\" = $3, \"updatedAt\" = now()"
      + " WHERE \"objectId\" = $1 AND \"_leased_by\" = $2";
  /** A job's outcome. */
  static final String FINISH = "UPDATE \"_JobStatus\" SET \"status\" = $3, \"message\" = $4, \"finishedAt\" = $5,"
      + " \"updatedAt\" = $5, \"_leased_by\" = NULL, \"_lease_until\" = NULL WHERE \"objectId\" = $1 AND \"_leased_by\" = $2";
  /** Gives back every job a stopping worker holds. */
  static final String HAND_BACK = "UPDATE \"_JobStatus\" SET \"status\" = 'pending', \"_leased_by\" = NULL,"
      + " \"_lease_until\" = NULL WHERE \"_leased_by\" = $1 AND \"status\" = 'running'";

  /**
   * The queue for /metrics: jobs no worker runs (pending, or running with a lapsed lease), those running, and the
   * age in seconds of the oldest waiting one; read from the waiting jobs' partial index, at most $1 of them.
   */
  static final String QUEUE = "SELECT count(*) FILTER (WHERE NOT \"running\") AS \"waiting\", count(*) FILTER (WHERE \"running\") AS \"running\","
      + " COALESCE(EXTRACT(EPOCH FROM now() - min(\"createdAt\") FILTER (WHERE NOT \"running\")), 0)::float8 AS \"oldest\""
      + " FROM (SELECT \"createdAt\", \"status\" = 'running' AND \"_lease_until\" >= now() AS \"running\" FROM \"_JobStatus\""
      + " WHERE \"status\" IN ('pending', 'running') ORDER BY \"createdAt\" LIMIT $1) AS queued";

  private JobSql() {
  }
}
