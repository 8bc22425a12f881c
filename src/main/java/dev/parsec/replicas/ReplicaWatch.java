package dev.parsec.replicas;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.config.ReplicaSettings;
import dev.parsec.db.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: how far each read replica has replayed the primary's WAL. Every {@link #INTERVAL_MS} it
 * samples the primary's pg_current_wal_lsn() (noting the instant just before asking), then each replica's
 * pg_last_wal_replay_lsn(). A replica whose replayed position is at or past a sample taken at instant t
 * holds every transaction committed before t (a commit is acknowledged once its WAL is written, so its
 * position is below any sample taken afterwards). Instants are this node's own monotonic clock, never
 * compared with another node's.
 *
 * <p>A replica that does not answer within a second, is not a standby (promoted, or the primary given as
 * a replica), or lags more than database_replica_max_lag is not used; reads go to the primary until it is
 * back. All mutable state but the published {@link #states} lives on this watch's own context.
 */
public final class ReplicaWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaWatch.class);
  static final long INTERVAL_MS = 150;
  /** How long a LiveQuery event's database checks wait for a replica to replay past it before asking the primary. */
  static final long EVENT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long POLL_TIMEOUT_MS = 1000;
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(POLL_TIMEOUT_MS);

  private final Vertx vertx;
  private final Context context;
  private final List<DatabaseUrl> urls;
  private final Pool primary;
  private final List<Pool> replicas = new ArrayList<>();
  private final long maxLagNanos;
  /** The primary's recent positions, oldest first: (instant, position). */
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private volatile List<ReplicaState> states;
  private boolean polling;
  private boolean pollAgain;
  private boolean retryScheduled;
  private long timer = -1;
  /** When the watch began (before its first sample, a replica is not yet known to be near the primary). */
  private final long started = System.nanoTime();
  /** Each replica's condition as last logged. */
  private final String[] conditions;

  private record Waiter(long since, long deadline, Promise<Integer> promise) {
  }

  private ReplicaWatch(Vertx vertx, DatabaseUrl primaryUrl, ReplicaSettings settings, boolean preparedStatements) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.urls = settings.urls();
    this.maxLagNanos = settings.maxLag().toNanos();
    // PostgreSQL cancels a poll's query that outlives the poll, so none queues behind a stuck one
    this.primary = Database.pool(vertx, primaryUrl, 1, "pg-replica-watch", POLL_TIMEOUT, preparedStatements);
    List<ReplicaState> initial = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      replicas.add(Database.pool(vertx, urls.get(i), 1, "pg-replica-watch-" + i, POLL_TIMEOUT, preparedStatements));
      initial.add(ReplicaState.unknown(name(urls.get(i))));
    }
    this.states = List.copyOf(initial);
    this.conditions = new String[urls.size()];
  }

  /** Starts watching the configured replicas; their lag goes on /metrics. */
  public static ReplicaWatch start(Vertx vertx, DatabaseUrl primaryUrl, ReplicaSettings settings, boolean preparedStatements,
                                   MeterRegistry metrics) {
    ReplicaWatch watch = new ReplicaWatch(vertx, primaryUrl, settings, preparedStatements);
    for (int i = 0; i < watch.urls.size(); i++) {
      int index = i;
      String name = name(watch.urls.get(i));
      Gauge.builder("parsec.db.replica.lag.seconds", watch, w -> w.states.get(index).lagSeconds())
          .tag("replica", name).description("How far the replica's replayed WAL is behind the primary, in seconds")
          .register(metrics);
      Gauge.builder("parsec.db.replica.lag.bytes", watch, w -> w.states.get(index).lagBytes())
          .tag("replica", name).description("How far the replica's replayed WAL is behind the primary, in bytes")
          .register(metrics);
      Gauge.builder("parsec.db.replica.usable", watch, w -> w.states.get(index).usable() ? 1 : 0)
          .tag("replica", name).description("1 when reads may go to the replica (reachable, within database_replica_max_lag)")
          .register(metrics);
    }
    watch.context.runOnContext(v -> {
      watch.timer = watch.vertx.setPeriodic(0, INTERVAL_MS, id -> watch.poll());
    });
    return watch;
  }

  /** host:port/database, as metrics and logs name a replica (never its password). */
  static String name(DatabaseUrl url) {
    return url.host() + ":" + url.port() + "/" + url.database();
  }

  boolean anyUsable() {
    for (ReplicaState state : states) {
      if (state.usable()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A usable replica (its index) that has replayed at least position lsn, or -1: the primary. Replicas are
   * taken in turn from start, so an event loop spreads its reads over them.
   */
  int replicaAtLeast(long lsn, int start) {
    List<ReplicaState> now = states;
    for (int i = 0; i < now.size(); i++) {
      ReplicaState state = now.get((start + i) % now.size());
      if (state.usable() && state.replayLsn() >= lsn) {
        return (start + i) % now.size();
      }
    }
    return -1;
  }

  /**
   * A usable replica that holds everything committed before the instant since (System.nanoTime()), or -1
   * (the primary) when none has within {@link #EVENT_WAIT_NANOS}. Answers on the caller's context. A sample
   * is taken at once for the asker rather than at the next tick.
   */
  Future<Integer> replicaAfter(long since, int start) {
    int ready = replicaCaughtUp(since, start);
    if (ready >= 0 || !anyUsable()) {
      return Future.succeededFuture(ready);
    }
    Promise<Integer> answer = ((ContextInternal) vertx.getOrCreateContext()).promise();
    context.runOnContext(v -> {
      waiters.add(new Waiter(since, since + EVENT_WAIT_NANOS, answer));
      if (polling) {
        pollAgain = true; // the poll under way began before this asker's instant
      } else {
        poll();
      }
    });
    return answer.future();
  }

  private int replicaCaughtUp(long since, int start) {
    List<ReplicaState> now = states;
    for (int i = 0; i < now.size(); i++) {
      ReplicaState state = now.get((start + i) % now.size());
      if (state.usable() && state.caughtUpAt() >= since) {
        return (start + i) % now.size();
      }
    }
    return -1;
  }

  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      waiters.forEach(waiter -> waiter.promise().tryComplete(-1));
      waiters.clear();
      List<Future<Void>> pools = new ArrayList<>();
      pools.add(primary.close());
      replicas.forEach(pool -> pools.add(pool.close()));
      Future.join(pools).<Void>mapEmpty().onComplete(closed);
    });
    return closed.future();
  }

  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    pollAgain = false;
    long asked = System.nanoTime();
    Future<Long> primaryLsn = primary.query("SELECT pg_current_wal_lsn()::text").execute()
        .timeout(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(rows -> Lsn.parse(rows.iterator().next().getString(0)));
    primaryLsn.onSuccess(lsn -> {
      samples.addLast(new long[] {asked, lsn});
      while (samples.size() > 1 && samples.peekFirst()[0] < asked - maxLagNanos - TimeUnit.SECONDS.toNanos(2)) {
        samples.removeFirst();
      }
    }).onFailure(e -> LOG.debug("the primary's WAL position could not be read: {}", e.getMessage()));
    // the replicas are asked after the primary's sample, so that a replica caught up shows as caught up to it
    primaryLsn.transform(done -> {
      List<Future<Row>> replays = new ArrayList<>();
      for (Pool replica : replicas) {
        replays.add(replica.query("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text").execute()
            .timeout(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).map(rows -> rows.iterator().next()));
      }
      return Future.join(replays).transform(all -> Future.succeededFuture(replays));
    }).onComplete(replays -> {
      update(replays.result());
      polling = false;
      answerWaiters();
      if (pollAgain) {
        poll();
      } else if (!waiters.isEmpty() && !retryScheduled) {
        retryScheduled = true;
        vertx.setTimer(10, id -> {
          retryScheduled = false;
          poll();
        });
      }
    });
  }

  private void update(List<Future<Row>> replays) {
    long now = System.nanoTime();
    long[] latest = samples.peekLast();
    List<ReplicaState> previous = states;
    List<ReplicaState> next = new ArrayList<>();
    for (int i = 0; i < replays.size(); i++) {
      String name = previous.get(i).name();
      Future<Row> replay = replays.get(i);
      ReplicaState state;
      if (replay.failed()) {
        state = new ReplicaState(name, false, -1, previous.get(i).caughtUpAt(), previous.get(i).lagSeconds(), -1, false);
        report(i, "down", "read replica " + name + " does not answer (" + replay.cause().getMessage()
            + "): its reads go to the primary");
      } else if (!replay.result().getBoolean(0)) {
        state = new ReplicaState(name, false, -1, Long.MIN_VALUE, Double.NaN, -1, false);
        report(i, "primary", "read replica " + name + " is not a standby (promoted, or not a replica): its reads go to the primary");
      } else {
        long lsn = Lsn.parse(replay.result().getString(1));
        long caughtUpAt = previous.get(i).caughtUpAt();
        for (Iterator<long[]> newest = samples.descendingIterator(); newest.hasNext(); ) {
          long[] sample = newest.next();
          if (sample[1] <= lsn) {
            caughtUpAt = Math.max(caughtUpAt, sample[0]);
            break;
          }
        }
        // not yet past any sample kept: at least as far behind as the oldest one
        boolean pastAny = caughtUpAt != Long.MIN_VALUE;
        long behind = latest == null ? Long.MAX_VALUE
            : Math.max(0, latest[0] - (pastAny ? caughtUpAt : samples.peekFirst()[0]));
        // a primary that has not answered for longer than the bound leaves no replica known to be near it
        boolean fresh = latest != null && now - latest[0] <= maxLagNanos;
        boolean usable = fresh && pastAny && behind <= maxLagNanos;
        double lagSeconds = behind == Long.MAX_VALUE ? Double.NaN : behind / 1e9;
        long lagBytes = latest == null ? -1 : Math.max(0, latest[1] - lsn);
        state = new ReplicaState(name, true, lsn, caughtUpAt, lagSeconds, lagBytes, usable);
        if (usable) {
          report(i, "usable", "read replica " + name + " is replaying the primary's WAL: reads go to it");
        } else if (!fresh && (latest != null || now - started > maxLagNanos)) {
          report(i, "unknown", "the primary's WAL position cannot be read, so how far read replica " + name
              + " lags is unknown: its reads go to the primary");
        } else if (behind > maxLagNanos) {
          report(i, "behind", "read replica " + name + " is more than database_replica_max_lag behind the primary:"
              + " its reads go to the primary");
        }
        // else catching up (just started): its reads go to the primary for now, not worth a line
      }
      next.add(state);
    }
    states = List.copyOf(next);
  }

  /** Logs a replica's condition when it changes (warn unless it became usable). */
  private void report(int replica, String condition, String line) {
    if (!condition.equals(conditions[replica])) {
      conditions[replica] = condition;
      if (condition.equals("usable")) {
        LOG.info(line);
      } else {
        LOG.warn(line);
      }
    }
  }

  private void answerWaiters() {
    long now = System.nanoTime();
    boolean anyUsable = anyUsable();
    for (Iterator<Waiter> each = waiters.iterator(); each.hasNext(); ) {
      Waiter waiter = each.next();
      int replica = replicaCaughtUp(waiter.since(), 0);
      if (replica >= 0 || !anyUsable || now >= waiter.deadline()) {
        waiter.promise().tryComplete(replica);
        each.remove();
      }
    }
  }
}
