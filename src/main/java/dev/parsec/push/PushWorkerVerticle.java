package dev.parsec.push;

import dev.parsec.config.ParsecConfig;
import dev.parsec.config.PushSettings;
import dev.parsec.db.Database;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pushes, on a worker thread of any node that runs workers. A push is sent by the node that
 * claims it in PostgreSQL: a lease (renewed while it sends) that a single UPDATE grants to one node only.
 * Nodes are told of new pushes over the event bus, and look every push_poll_interval for pushes that are
 * due (scheduled ones) or whose node died (lease run out); such a push goes on after its last batch.
 */
public final class PushWorkerVerticle extends VerticleBase {

  /** Where the API announces a push that is due now (the body is its objectId). */
  public static final String ADDRESS = "parsec.push.send";
  private static final Logger LOG = LoggerFactory.getLogger(PushWorkerVerticle.class);
  private static final double LEASE_SECONDS = 60;
  /** Pushes one node sends at once. */
  private static final int MOST_AT_ONCE = 4;

  private final ParsecConfig config;
  private final String nodeId;
  private final Map<String, Disposable> running = new LinkedHashMap<>();
  private Pool pool;
  private PushHttp http;
  private PushRun runs;
  /** Claims asked of PostgreSQL and not answered yet: they may each bring a push. */
  private int claiming;
  private long poller = -1;
  private long renewer = -1;
  private boolean stopping;

  public PushWorkerVerticle(ParsecConfig config, String nodeId) {
    this.config = config;
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    PushSettings settings = config.push();
    if (!settings.fcmEnabled() && !settings.apnsEnabled()) {
      return Future.succeededFuture();
    }
    // a worker thread: reading the credentials' files here blocks no event loop
    PushSender apns = null;
    PushSender fcm = null;
    http = new PushHttp(vertx, settings);
    if (settings.apnsEnabled()) {
      apns = new ApnsSender(http, settings.apnsUrl(), PushCredentials.apnsKey(settings), settings.apnsKeyId().orElseThrow(),
          settings.apnsTeamId().orElseThrow(), settings.apnsTopic().orElseThrow());
    }
    if (settings.fcmEnabled()) {
      fcm = new FcmSender(http, settings.fcmUrl(), PushCredentials.serviceAccount(settings));
    }
    pool = Database.pool(vertx, config.databaseUrl().orElseThrow(), 2, "pg-push", config.databasePreparedStatements());
    ParseValues values = new ParseValues(config.serverUrl() + "/files/" + config.appId() + "/");
    runs = new PushRun(vertx, pool, new SchemaStore(vertx, pool), values, apns, fcm, settings, new PushMetrics(nodeId),
        nodeId, LEASE_SECONDS);
    var consumer = vertx.eventBus().<String>consumer(ADDRESS, message -> claim(message.body()));
    poller = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> claim(null));
    renewer = vertx.setPeriodic((long) (LEASE_SECONDS * 1000 / 3), id -> renewLeases());
    return consumer.completion();
  }

  /** Claims the push with that objectId, or any due one (null), if this node has room for another. */
  private void claim(String objectId) {
    if (stopping || running.size() + claiming >= MOST_AT_ONCE) {
      return;
    }
    claiming++;
    pool.preparedQuery(PushSql.CLAIM).execute(Tuple.of(nodeId, LEASE_SECONDS, PushRun.now(), objectId))
        .andThen(done -> claiming--)
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            return;
          }
          send(rows.iterator().next());
          if (objectId == null) {
            claim(null);
          }
        })
        .onFailure(e -> LOG.warn("could not look for pushes to send: {}", e.getMessage()));
  }

  private void send(Row row) {
    String objectId = row.getString("objectId");
    Double expiry = row.getDouble("expiry");
    PushMessage message = PushMessage.of(new JsonObject(row.getString("payload")),
        expiry == null ? null : expiry.longValue());
    PushRun.Claimed push = new PushRun.Claimed(objectId, new JsonObject(row.getString("query")), message,
        row.getString("_sent_through"));
    running.put(objectId, Disposable.empty());
    Future<Void> sent = message.expiresAt() != null && message.expiresAt() < System.currentTimeMillis()
        ? Future.failedFuture("The push expired before it could be sent.")
        : runs.run(push, handle -> running.put(objectId, handle));
    sent.compose(v -> finish(objectId, "succeeded", null))
        .recover(failure -> {
          if (failure instanceof PushRun.LeaseLost || stopping) {
            return Future.succeededFuture();
          }
          LOG.error("push {} failed: {}", objectId, failure.getMessage());
          return finish(objectId, "failed", new JsonObject().put("message", String.valueOf(failure.getMessage())));
        })
        .onComplete(done -> {
          running.remove(objectId);
          claim(null);
        });
  }

  private Future<Void> finish(String objectId, String status, JsonObject error) {
    return pool.preparedQuery(PushSql.FINISH).execute(Tuple.of(objectId, nodeId, status, error, PushRun.now())).mapEmpty();
  }

  /** Keeps this node's leases alive; a push whose lease went to another node is stopped here. */
  private void renewLeases() {
    for (String objectId : new ArrayList<>(running.keySet())) {
      pool.preparedQuery(PushSql.RENEW).execute(Tuple.of(objectId, nodeId, LEASE_SECONDS)).onSuccess(rows -> {
        if (rows.rowCount() == 0) {
          LOG.warn("push {} is held by another node now; this node stops sending it", objectId);
          Disposable handle = running.remove(objectId);
          if (handle != null) {
            handle.dispose();
          }
        }
      });
    }
  }

  /** Stops sending and gives the pushes in progress back, so another node goes on with them at once. */
  @Override
  public Future<?> stop() {
    stopping = true;
    if (pool == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(poller);
    vertx.cancelTimer(renewer);
    List<Future<?>> released = new ArrayList<>();
    running.forEach((objectId, handle) -> {
      handle.dispose();
      released.add(pool.preparedQuery(PushSql.RELEASE).execute(Tuple.of(objectId, nodeId)));
    });
    running.clear();
    return Future.join(released).eventually(http::close).eventually(pool::close);
  }
}
