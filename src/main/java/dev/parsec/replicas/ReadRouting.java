package dev.parsec.replicas;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.Database;
import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one event loop's reads go. Without replicas, to the primary, at no cost. With them, a find, count
 * or get goes to a usable replica (in turn) that has replayed the caller's last write ({@link WriteMarks}),
 * else to the primary; a LiveQuery event's checks go to a replica that holds everything committed before
 * the event arrived ({@link ReplicaWatch#replicaAfter}). A read that fails on a replica for a reason of the
 * replica's (gone, or a table the primary has and it has not replayed yet) is asked again of the primary.
 *
 * <p>What stays on the primary, by not coming here: writes and transactions; the reads a write makes to
 * decide (the object before an update, unique checks: deciding on an older copy would write wrongly);
 * session lookups for authentication and login's user (a session just created, or just revoked, must count
 * at once); the schema; the object cache's fills (an older copy stored after a write's invalidation would
 * be served until it expires); files, jobs and every system table. Aggregate (master key only) comes here.
 */
public final class ReadRouting {

  private static final Logger LOG = LoggerFactory.getLogger(ReadRouting.class);

  private final Pool primary;
  private final ReplicaWatch watch;
  private final List<Pool> replicas;
  private final WriteMarks marks;
  private final Counter toReplica;
  private final Counter toPrimary;
  private int turn;

  private ReadRouting(Pool primary, ReplicaWatch watch, List<Pool> replicas, WriteMarks marks, MeterRegistry metrics) {
    this.primary = primary;
    this.watch = watch;
    this.replicas = replicas;
    this.marks = marks;
    this.toReplica = metrics == null ? null : reads(metrics, "replica");
    this.toPrimary = metrics == null ? null : reads(metrics, "primary");
  }

  /** Every read on the primary (no database_replica_urls). */
  public static ReadRouting primaryOnly(Pool primary) {
    return new ReadRouting(primary, null, List.of(), null, null);
  }

  /** This event loop's routing; its own pools to the replicas (closed by {@link #close}). */
  public static ReadRouting of(Vertx vertx, ParsecConfig config, Pool primary, ReplicaWatch watch, MeterRegistry metrics) {
    if (watch == null) {
      return primaryOnly(primary);
    }
    List<Pool> pools = new ArrayList<>();
    List<DatabaseUrl> urls = config.replicas().urls();
    for (int i = 0; i < urls.size(); i++) {
      pools.add(Database.pool(vertx, urls.get(i), config.databasePoolSize(),
          "pg-replica-" + i + "-" + Thread.currentThread().getName(), config.gateway().requestTimeout(),
          config.databasePreparedStatements()));
    }
    return new ReadRouting(primary, watch, pools, new WriteMarks(vertx, primary, config.replicas().maxLag()), metrics);
  }

  private static Counter reads(MeterRegistry metrics, String target) {
    return Counter.builder("parsec.db.reads").tag("target", target)
        .description("Finds, counts, gets and LiveQuery checks sent to a read replica or to the primary").register(metrics);
  }

  /** Runs a request's read statements where its caller sees its own writes (inside a transaction: there). */
  public <T> Future<T> read(ParseRequest request, Function<SqlClient, Future<T>> statements) {
    if (request.transaction() != null) {
      return statements.apply(request.transaction());
    }
    if (watch == null) {
      return statements.apply(primary);
    }
    if (!watch.anyUsable()) {
      return run(-1, statements); // no need to look the caller's last write up
    }
    return marks.lastWrite(request.access())
        .recover(unknown -> {
          // the shared map unreachable: the caller's last write is unknown, so the primary answers
          LOG.debug("last write of the caller unknown: {}", unknown.getMessage());
          return Future.succeededFuture(Long.MAX_VALUE);
        })
        .compose(lsn -> run(lsn == Long.MAX_VALUE ? -1 : watch.replicaAtLeast(lsn, nextTurn()), statements));
  }

  /** Runs a LiveQuery event's checks on a replica that holds every write committed before instant (System.nanoTime()). */
  public <T> Future<T> readAfter(long instant, Function<SqlClient, Future<T>> statements) {
    if (watch == null) {
      return statements.apply(primary);
    }
    return watch.replicaAfter(instant, nextTurn()).compose(replica -> run(replica, statements));
  }

  /**
   * After a call that may have written (any but GET), and before it is answered: marks its caller's last
   * write. A call that failed may have written part (a batch), so it is marked too.
   */
  public Future<Reply> afterCall(ParseRequest request, AsyncResult<Reply> result) {
    if (watch == null || HttpMethod.GET.equals(request.method())) {
      return settled(result);
    }
    Object answer = result.succeeded() ? result.result().body() : null;
    return marks.wrote(request.access(), answer).transform(marked -> {
      if (marked.failed()) {
        LOG.warn("the caller's write could not be marked for read replicas (its next reads may miss it): {}",
            marked.cause().getMessage());
      }
      return settled(result);
    });
  }

  private static <T> Future<T> settled(AsyncResult<T> result) {
    return result.succeeded() ? Future.succeededFuture(result.result()) : Future.failedFuture(result.cause());
  }

  public Future<Void> close() {
    return Future.join(replicas.stream().map(Pool::close).toList()).mapEmpty();
  }

  private int nextTurn() {
    turn = (turn + 1) % replicas.size();
    return turn;
  }

  private <T> Future<T> run(int replica, Function<SqlClient, Future<T>> statements) {
    if (replica < 0) {
      toPrimary.increment();
      return statements.apply(primary);
    }
    toReplica.increment();
    return statements.apply(replicas.get(replica)).recover(failure -> {
      if (!replicaTrouble(failure)) {
        return Future.failedFuture(failure);
      }
      LOG.debug("a read failed on replica {}; asking the primary: {}", replica, failure.getMessage());
      toPrimary.increment();
      return statements.apply(primary);
    });
  }

  /**
   * A failure the primary would not have: the replica unreachable or shutting down, a query cancelled by
   * replay (a conflict with recovery), or a table or column the replica has not replayed yet.
   */
  private static boolean replicaTrouble(Throwable failure) {
    if (failure instanceof ParseException) {
      return false;
    }
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return true;
    }
    String state = pg.getSqlState();
    return state.startsWith("08") || state.startsWith("57P") || state.equals("40001")
        || state.equals("42P01") || state.equals("42703");
  }
}
