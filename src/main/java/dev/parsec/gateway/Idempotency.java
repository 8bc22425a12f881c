package dev.parsec.gateway;

import dev.parsec.db.Transaction;
import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes.Action;
import dev.parsec.web.ApiRoutes.RecordingAction;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Applies a write carrying X-Parse-Request-Id (or Idempotency-Key) once within idempotency_ttl, on
 * whichever node its retries reach. The first call claims the key, runs and records its answer in one
 * PostgreSQL transaction (so a write is never committed without its record, nor a record without its
 * write), and every retry gets that answer replayed, status and body, where Parse Server answers
 * error 159. While the first is still running a retry gets 409 (the first holds a transaction-scoped
 * advisory lock on the key); a key reused for another request (method, path, body or caller) gets
 * 422. A call that fails rolls back with its claim, so a retry runs again. A route whose write is
 * one statement with an answer known first (a {@link RecordingAction}: plain creates, updates and
 * deletes) records the answer in that statement instead ({@link IdempotentWrite}).
 */
public final class Idempotency {

  private static final int DUPLICATE_REQUEST = 159;
  /** How long a claim holds without an answer before a retry may take it over (its node died). */
  private static final Duration IN_FLIGHT = Duration.ofSeconds(60);

  private static final String CLAIM = "INSERT INTO \"_parsec_idempotency\" (\"key\", \"request_hash\", \"expires_at\")"
      + " VALUES ($1, $2, now() + make_interval(secs => $3)) ON CONFLICT (\"key\") DO UPDATE SET \"request_hash\" = EXCLUDED.\"request_hash\","
      + " \"status\" = NULL, \"response\" = NULL, \"location\" = NULL, \"expires_at\" = EXCLUDED.\"expires_at\""
      + " WHERE \"_parsec_idempotency\".\"expires_at\" < now() RETURNING \"key\"";
  /** The claim inside the call's transaction: taken only with the key's lock, which a call in flight holds. */
  private static final String CLAIM_LOCKED = "WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7)) AS got),"
      + " claim AS (INSERT INTO \"_parsec_idempotency\" (\"key\", \"request_hash\", \"expires_at\")"
      + " SELECT $1, $2, now() + make_interval(secs => $3) FROM lock WHERE got ON CONFLICT (\"key\") DO UPDATE SET"
      + " \"request_hash\" = EXCLUDED.\"request_hash\", \"status\" = NULL, \"response\" = NULL, \"location\" = NULL,"
      + " \"expires_at\" = EXCLUDED.\"expires_at\" WHERE \"_parsec_idempotency\".\"expires_at\" < now() RETURNING \"key\")"
      + " SELECT (SELECT got FROM lock) AS got, (SELECT count(*) FROM claim) AS claimed";
  private static final String READ = "SELECT \"request_hash\", \"status\", \"response\", \"location\" FROM \"_parsec_idempotency\""
      + " WHERE \"key\" = $1 AND \"expires_at\" >= now()";
  private static final String ANSWER = "UPDATE \"_parsec_idempotency\" SET \"status\" = $2, \"response\" = $3, \"location\" = $4,"
      + " \"expires_at\" = now() + make_interval(secs => $5) WHERE \"key\" = $1";
  private static final String RELEASE = "DELETE FROM \"_parsec_idempotency\" WHERE \"key\" = $1 AND \"status\" IS NULL";
  private static final String PURGE = "DELETE FROM \"_parsec_idempotency\" WHERE \"expires_at\" < now() - interval '1 minute'";

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private final Pool pool;
  private final Duration ttl;
  private final Counter replays;

  public Idempotency(Vertx vertx, Pool pool, Duration ttl, MeterRegistry meters) {
    this.pool = pool;
    this.ttl = ttl;
    this.replays = Counter.builder("parsec.idempotency.replays")
        .description("retries of a request id (X-Parse-Request-Id, Idempotency-Key) answered with the recorded answer, not run again")
        .register(meters);
    if (!ttl.isZero()) {
      vertx.setPeriodic(60_000, id -> pool.query(PURGE).execute());
    }
  }

  public Future<Reply> run(RoutingContext ctx, ParseRequest request, Action action) {
    String key = key(ctx);
    if (ttl.isZero() || key == null || !isWrite(request.method()) || checksPassword(ctx)) {
      return action.handle(request);
    }
    String hash = hash(ctx, request);
    // a batch that is not transactional runs each call on its own: its answer is recorded once they all ran
    boolean atomic = !ctx.normalizedPath().endsWith("/batch") || Boolean.TRUE.equals(request.body().getValue("transaction"));
    if (atomic && action instanceof RecordingAction recording) {
      return recording.recordsInItsWrite(request).compose(inItsWrite -> inItsWrite
          ? action.handle(request.with(new IdempotentWrite(this, pool, key, hash)))
              .recover(failure -> failure instanceof IdempotentWrite.Replayed replayed
                  ? Future.succeededFuture(replayed.reply) : Future.failedFuture(failure))
          : inTransaction(request, action, key, hash));
    }
    if (atomic) {
      return inTransaction(request, action, key, hash);
    }
    // each call of the batch commits on its own: the claim commits first, and a failure releases it
    return pool.preparedQuery(CLAIM).execute(Tuple.of(key, hash, (double) IN_FLIGHT.toSeconds())).compose(claimed -> {
      if (claimed.size() == 0) {
        return earlier(pool, key, hash);
      }
      return action.handle(request).compose(reply -> record(pool, key, reply))
          .recover(failure -> pool.preparedQuery(RELEASE).execute(Tuple.of(key)).transform(v -> Future.failedFuture(failure)));
    });
  }

  Duration ttl() {
    return ttl;
  }

  /** The claim, the call and its answer in one transaction, with the claim's lock held throughout. */
  private Future<Reply> inTransaction(ParseRequest request, Action action, String key, String hash) {
    return Transaction.run(pool, tx -> tx.preparedQuery(CLAIM_LOCKED).execute(Tuple.of(key, hash, (double) IN_FLIGHT.toSeconds()))
        .compose(rows -> {
          Row claim = rows.iterator().next();
          if (!claim.getBoolean("got")) {
            return Future.failedFuture(inFlight());
          }
          if (claim.getLong("claimed") == 0) {
            return earlier(tx, key, hash);
          }
          return action.handle(request.with(request.method(), request.body(), request.query(), request.pathParams(), tx))
              .map(reply -> {
                tx.beforeCommit(record(tx, key, reply));
                return reply;
              });
        }));
  }

  private Future<Reply> record(io.vertx.sqlclient.SqlClient db, String key, Reply reply) {
    return db.preparedQuery(ANSWER).execute(Tuple.of(key, reply.status(), Json.encode(reply.body()), reply.location(),
        (double) ttl.toSeconds())).map(reply);
  }

  /** The answer to a key already claimed: replayed, or 409 while in flight, or 422 for another request. */
  Future<Reply> earlier(io.vertx.sqlclient.SqlClient db, String key, String hash) {
    return recorded(db, key, hash).map(reply -> {
      if (reply == null) {
        throw inFlight(); // released by a failure a moment ago: the client may retry
      }
      replayed();
      return reply;
    });
  }

  /** Counts a retry answered with its first call's answer. */
  void replayed() {
    replays.increment();
  }

  /** As {@link #earlier}, but null when the key has no record (and nothing counted). */
  Future<Reply> recorded(io.vertx.sqlclient.SqlClient db, String key, String hash) {
    return db.preparedQuery(READ).execute(Tuple.of(key)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      if (!hash.equals(row.getString("request_hash"))) {
        throw new ParseException(DUPLICATE_REQUEST, "This request id was used for another request.", 422);
      }
      if (row.getInteger("status") == null) {
        throw inFlight();
      }
      Object body = Json.decodeValue(row.getString("response"));
      return new Reply(row.getInteger("status"), body instanceof JsonArray array ? array : (JsonObject) body, row.getString("location"));
    });
  }

  private static ParseException inFlight() {
    return new ParseException(DUPLICATE_REQUEST, "A request with this id is still in progress.", 409);
  }

  private static String key(RoutingContext ctx) {
    String key = ctx.request().getHeader("X-Parse-Request-Id");
    if (key == null) {
      key = ctx.request().getHeader("Idempotency-Key");
    }
    return key == null || key.isEmpty() || key.length() > 256 ? null : key;
  }

  /**
   * A login (or a check of a password) is not claimed: a retry only makes another session, and a claim would hold a
   * transaction slot and its connection while the password hashes, and make the login wait for a slot before
   * password_hash_timeout counts.
   */
  private static boolean checksPassword(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return path.endsWith("/login") || path.endsWith("/verifyPassword");
  }

  private static boolean isWrite(HttpMethod method) {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.DELETE;
  }

  /** What makes two calls the same request: method, path, caller and body (as sent). */
  private static String hash(RoutingContext ctx, ParseRequest request) {
    MessageDigest digest = SHA_256.get();
    digest.update((request.method() + " " + ctx.normalizedPath() + " " + request.userId() + " " + request.master() + " ")
        .getBytes(StandardCharsets.UTF_8));
    if (ctx.body().buffer() != null) {
      digest.update(ctx.body().buffer().getBytes());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
