package dev.parsec.push;

import dev.parsec.config.PushSettings;
import dev.parsec.query.FindQuery;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Sends one claimed push: a stream of batches of installations read from PostgreSQL by keyset
 * (objectId after the last one sent, so a push resumed elsewhere goes on where it stopped), each batch
 * sent with at most push_concurrency notifications in flight, retried on 429 and 5xx with backoff, then
 * counted in _PushStatus together with the batch's last objectId. A batch is read only when the one
 * before it is counted, so a push holds one batch in memory, whatever its size.
 */
final class PushRun {

  /** Device types APNs serves; FCM serves Android. */
  private static final List<String> APPLE = List.of("ios", "osx", "tvos", "watchos");
  private static final long MAX_RETRY_WAIT_MS = 60_000;
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final long BASE_BACKOFF_MS = 500;

  /** A push this node holds: its row's query, message and where it stopped. */
  record Claimed(String objectId, JsonObject where, PushMessage message, String sentThrough) {
  }

  /** The push was taken over by another node (this node's lease ran out): it must write nothing more. */
  static final class LeaseLost extends RuntimeException {
    LeaseLost(String objectId) {
      super("lease on push " + objectId + " lost", null, false, false);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final SchemaStore schemas;
  private final ParseValues values;
  private final PushSender apns;
  private final PushSender fcm;
  private final PushSettings settings;
  private final PushMetrics metrics;
  private final String nodeId;
  private final double leaseSeconds;

  PushRun(Vertx vertx, Pool pool, SchemaStore schemas, ParseValues values, PushSender apns, PushSender fcm,
          PushSettings settings, PushMetrics metrics, String nodeId, double leaseSeconds) {
    this.vertx = vertx;
    this.pool = pool;
    this.schemas = schemas;
    this.values = values;
    this.apns = apns;
    this.fcm = fcm;
    this.settings = settings;
    this.metrics = metrics;
    this.nodeId = nodeId;
    this.leaseSeconds = leaseSeconds;
  }

  /** Sends the push to every matching installation; started receives the stream's handle, to stop it. */
  Future<Void> run(Claimed push, Consumer<Disposable> started) {
    return schemas.readAll().compose(list -> {
      Map<String, ClassSchema> all = new HashMap<>();
      list.forEach(schema -> all.put(schema.className(), schema));
      Map<String, PushSender.Delivery> deliveries = deliveries(push.message());
      AtomicReference<String> after = new AtomicReference<>(push.sentThrough());
      // each step reads a batch after the last one done and sends it; the next step starts once it is
      // counted, so the stream holds one batch, and a push of any size takes the same memory
      Flowable<Integer> batches = Flowable.defer(() -> Rx.single(() -> nextBatch(all, push.where(), after))
              .flatMap(batch -> batch.isEmpty() ? Single.just(0) : send(push, batch, deliveries).map(sent -> batch.size()))
              .toFlowable())
          .repeat()
          .takeUntil(size -> size < settings.batchSize());
      return Rx.future(batches.ignoreElements(), started);
    });
  }

  private Map<String, PushSender.Delivery> deliveries(PushMessage message) {
    Map<String, PushSender.Delivery> deliveries = new HashMap<>();
    if (apns != null) {
      PushSender.Delivery delivery = apns.prepare(message);
      APPLE.forEach(type -> deliveries.put(type, delivery));
    }
    if (fcm != null) {
      deliveries.put("android", fcm.prepare(message));
    }
    return deliveries;
  }

  /** The next installations with a device token that the query matches, in objectId order. */
  private Future<List<Device>> nextBatch(Map<String, ClassSchema> all, JsonObject where, AtomicReference<String> after) {
    JsonArray and = new JsonArray().add(where).add(new JsonObject().put("deviceToken", new JsonObject().put("$exists", true)));
    if (after.get() != null) {
      and.add(new JsonObject().put("objectId", new JsonObject().put("$gt", after.get())));
    }
    FindQuery query = new FindQuery(all, values, all.get(InstallationsApi.CLASS), new JsonObject()
        .put("where", new JsonObject().put("$and", and))
        .put("order", "objectId")
        .put("limit", settings.batchSize())
        .put("keys", "deviceType,deviceToken,appIdentifier,badge"));
    return pool.preparedQuery(query.selectSql()).execute(query.params()).map(rows -> {
      List<Device> batch = new ArrayList<>(rows.size());
      for (Row row : rows) {
        batch.add(Device.of(query.decode(row)));
      }
      if (!batch.isEmpty()) {
        after.set(batch.get(batch.size() - 1).objectId());
      }
      metrics.loaded(batch.size());
      return batch;
    });
  }

  private Single<Tally> send(Claimed push, List<Device> batch, Map<String, PushSender.Delivery> deliveries) {
    String last = batch.get(batch.size() - 1).objectId();
    return Rx.single(() -> withBadges(push.message(), batch))
        .flatMap(devices -> Flowable.fromIterable(devices)
            .flatMapSingle(device -> Rx.single(() -> deliver(deliveries, device, 1)).map(outcome -> {
              metrics.counted(device.deviceType(), outcome);
              return new Delivered(device, outcome);
            }), false, settings.concurrency())
            .collect(Tally::new, Tally::add))
        .flatMap(tally -> Rx.single(() -> record(push.objectId(), tally, last)))
        .doFinally(() -> metrics.released(batch.size()));
  }

  /** The batch's devices with their badges raised or set in PostgreSQL, each with its new count. */
  private Future<List<Device>> withBadges(PushMessage message, List<Device> batch) {
    if (!message.changesBadges()) {
      return Future.succeededFuture(batch);
    }
    String[] ids = batch.stream().map(Device::objectId).toArray(String[]::new);
    Tuple params = message.badgeIncrement() != null
        ? Tuple.of(ids, message.badgeIncrement().doubleValue(), now())
        : Tuple.of(ids, message.badgeSet().doubleValue(), now());
    return pool.preparedQuery(message.badgeIncrement() != null ? PushSql.INCREMENT_BADGES : PushSql.SET_BADGES).execute(params)
        .map(rows -> {
          Map<String, Integer> badges = new HashMap<>();
          rows.forEach(row -> badges.put(row.getString("objectId"), row.getDouble("badge").intValue()));
          List<Device> devices = new ArrayList<>(batch.size());
          for (Device device : batch) {
            Integer badge = badges.get(device.objectId());
            devices.add(badge == null ? device : device.withBadge(badge));
          }
          return devices;
        });
  }

  /** Sends to one device, again after a wait while the service asks for one, at most push_max_attempts times. */
  private Future<Outcome> deliver(Map<String, PushSender.Delivery> deliveries, Device device, int attempt) {
    PushSender.Delivery delivery = deliveries.get(device.deviceType());
    if (delivery == null) {
      return Future.succeededFuture(Outcome.failed("no push service configured for deviceType " + device.deviceType()));
    }
    return delivery.send(device).compose(outcome -> {
      if (outcome.kind() != Outcome.Kind.RETRY) {
        return Future.succeededFuture(outcome);
      }
      if (attempt >= settings.maxAttempts()) {
        return Future.succeededFuture(Outcome.failed(outcome.reason()));
      }
      long wait = outcome.retryAfterMillis() >= 0 ? Math.min(outcome.retryAfterMillis(), MAX_RETRY_WAIT_MS) : backoff(attempt);
      Future<Void> waited = wait == 0 ? Future.succeededFuture() : vertx.timer(wait).mapEmpty();
      return waited.compose(v -> deliver(deliveries, device, attempt + 1));
    });
  }

  /** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s... at most 30 s. */
  private static long backoff(int attempt) {
    long ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt - 1, 16));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  /** One transaction: dead tokens leave their installations, the counts and the resume point are stored. */
  private Future<Tally> record(String objectId, Tally tally, String last) {
    OffsetDateTime now = now();
    return pool.withTransaction(tx -> forgetTokens(tx, tally.deadTokens, now)
        .compose(v -> tx.preparedQuery(PushSql.RECORD_BATCH).execute(Tuple.of(objectId, nodeId, (double) tally.sent, (double) tally.failed,
            new JsonObject(new HashMap<>(tally.sentPerType)), new JsonObject(new HashMap<>(tally.failedPerType)), last,
            leaseSeconds).addValue(now)))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            throw new LeaseLost(objectId);
          }
          return tally;
        }));
  }

  private static Future<Void> forgetTokens(SqlClient tx, List<String> tokens, OffsetDateTime now) {
    if (tokens.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(PushSql.FORGET_TOKENS).execute(Tuple.of(tokens.toArray(String[]::new), now)).mapEmpty();
  }

  static OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(System.currentTimeMillis()), ZoneOffset.UTC);
  }

  private record Delivered(Device device, Outcome outcome) {
  }

  /** A batch's counts, as _PushStatus keeps them. */
  private static final class Tally {
    int sent;
    int failed;
    final Map<String, Object> sentPerType = new HashMap<>();
    final Map<String, Object> failedPerType = new HashMap<>();
    final List<String> deadTokens = new ArrayList<>();

    void add(Delivered delivered) {
      String type = delivered.device().deviceType() == null ? "unknown" : delivered.device().deviceType();
      if (delivered.outcome().kind() == Outcome.Kind.SENT) {
        sent++;
        sentPerType.merge(type, 1, (a, b) -> (Integer) a + (Integer) b);
      } else {
        failed++;
        failedPerType.merge(type, 1, (a, b) -> (Integer) a + (Integer) b);
        if (delivered.outcome().kind() == Outcome.Kind.DEAD_TOKEN) {
          deadTokens.add(delivered.device().deviceToken());
        }
      }
    }
  }
}
