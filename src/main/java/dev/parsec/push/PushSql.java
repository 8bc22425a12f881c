package dev.parsec.push;

/**
 * The statements of _PushStatus and of what a push changes in _Installation. Times that decide who
 * sends (due, lease) are PostgreSQL's now(), so the nodes' clocks need not agree.
 */
final class PushSql {

  private PushSql() {
  }

  static final String INSERT = "INSERT INTO \"_PushStatus\" (\"objectId\", \"createdAt\", \"updatedAt\", \"_rperm\", \"_wperm\","
      + " \"pushTime\", \"source\", \"query\", \"payload\", \"expiry\", \"expiration_interval\", \"status\", \"numSent\","
      + " \"numFailed\", \"pushHash\", \"_due_at\")"
      + " VALUES ($1, $2, $2, '{}', '{}', $3, 'rest', $4, $5, $6, $7, $8, 0, 0, $9, COALESCE($10, now()))";

  /**
   * Takes one push that is due and held by no live node ($4: that one only, or any): it is running,
   * leased by node $1 for $2 seconds. SKIP LOCKED lets nodes claiming at once take different pushes.
   */
  static final String CLAIM = "UPDATE \"_PushStatus\" p SET \"status\" = 'running', \"_leased_by\" = $1,"
      + " \"_lease_until\" = now() + make_interval(secs => $2), \"updatedAt\" = $3"
      + " FROM (SELECT \"objectId\" FROM \"_PushStatus\" WHERE \"status\" IN ('pending', 'scheduled', 'running')"
      + " AND \"_due_at\" <= now() AND (\"_lease_until\" IS NULL OR \"_lease_until\" < now())"
      + " AND ($4::text IS NULL OR \"objectId\" = $4) ORDER BY \"_due_at\" LIMIT 1 FOR UPDATE SKIP LOCKED) due"
      + " WHERE p.\"objectId\" = due.\"objectId\""
      + " RETURNING p.\"objectId\", p.\"query\", p.\"payload\", p.\"expiry\", p.\"_sent_through\"";

  static final String RENEW = "UPDATE \"_PushStatus\" SET \"_lease_until\" = now() + make_interval(secs => $3)"
      + " WHERE \"objectId\" = $1 AND \"_leased_by\" = $2 RETURNING 1";

  /** The counts of a batch added, and where the next batch starts: only while node $2 holds the push. */
  static final String RECORD_BATCH = "UPDATE \"_PushStatus\" SET \"numSent\" = COALESCE(\"numSent\", 0) + $3,"
      + " \"numFailed\" = COALESCE(\"numFailed\", 0) + $4,"
      + " \"sentPerType\" = " + addCounts("\"sentPerType\"", "$5") + ","
      + " \"failedPerType\" = " + addCounts("\"failedPerType\"", "$6") + ","
      + " \"_sent_through\" = $7, \"_lease_until\" = now() + make_interval(secs => $8), \"updatedAt\" = $9"
      + " WHERE \"objectId\" = $1 AND \"_leased_by\" = $2 RETURNING 1";

  static final String FINISH = "UPDATE \"_PushStatus\" SET \"status\" = $3, \"errorMessage\" = $4, \"_leased_by\" = NULL,"
      + " \"_lease_until\" = NULL, \"updatedAt\" = $5 WHERE \"objectId\" = $1 AND \"_leased_by\" = $2";

  /** A stopping node gives its pushes back at once, for another node to go on with. */
  static final String RELEASE = "UPDATE \"_PushStatus\" SET \"_leased_by\" = NULL, \"_lease_until\" = NULL"
      + " WHERE \"objectId\" = $1 AND \"_leased_by\" = $2";

  /** Tokens a push service called dead leave their installations (Parse Server deletes the field too). */
  static final String FORGET_TOKENS = "UPDATE \"_Installation\" SET \"deviceToken\" = NULL, \"updatedAt\" = $2"
      + " WHERE \"deviceToken\" = ANY($1::text[])";

  static final String INCREMENT_BADGES = "UPDATE \"_Installation\" SET \"badge\" = COALESCE(\"badge\", 0) + $2, \"updatedAt\" = $3"
      + " WHERE \"objectId\" = ANY($1::text[]) RETURNING \"objectId\", \"badge\"";

  static final String SET_BADGES = "UPDATE \"_Installation\" SET \"badge\" = $2, \"updatedAt\" = $3"
      + " WHERE \"objectId\" = ANY($1::text[]) RETURNING \"objectId\", \"badge\"";

  /** Per-type counts (a JSON object of numbers) plus more of them. */
  private static String addCounts(String column, String more) {
    return "COALESCE((SELECT jsonb_object_agg(key, total) FROM (SELECT key, sum(value::numeric) AS total FROM"
        + " (SELECT * FROM jsonb_each_text(COALESCE(" + column + ", '{}'::jsonb)) UNION ALL SELECT * FROM jsonb_each_text("
        + more + "::jsonb)) pairs GROUP BY key) sums), '{}'::jsonb)";
  }
}
