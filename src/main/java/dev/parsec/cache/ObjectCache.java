package dev.parsec.cache;

import dev.parsec.cluster.NodeDrops;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects by id in Redis, shared by every node, behind a circuit breaker: Redis down or slow, the
 * breaker opens and reads go to PostgreSQL with no error to the client.
 *
 * <p>No stale read, by three rules. A write sets a short fence on the object before it starts and
 * deletes the entry once committed, before answering; a reader only stores what it read when no
 * fence stands, so a read that raced with a write never stores the old row. Keys carry the class's
 * schema version, so a changed schema never meets old entries. And a write that could not fence or
 * delete (Redis unreachable) suspends the cache on every node, confirmed before the write is
 * answered; the cache resumes only once a node has bumped the generation that every key carries,
 * which makes every earlier entry unreachable.
 */
public final class ObjectCache {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectCache.class);
  /**
   * Every key carries the hash tag {parsec}: in a Redis Cluster they all live in one slot, as the
   * scripts below need (they reach keys they compute). The cache then sits on one shard.
   */
  private static final String GENERATION = "{parsec}:objects:generation";
  /** Reads the generation and the entry (the object's hash, one field per schema version) in one round trip. */
  private static final String GET = "local g = redis.call('GET', KEYS[1]) or '0' "
      + "return redis.call('HGET', '{parsec}:o:' .. g .. ':' .. ARGV[1], ARGV[2])";
  /** Stores an entry unless a write fenced the object meanwhile. */
  private static final String PUT = "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end "
      + "local g = redis.call('GET', KEYS[1]) or '0' local k = '{parsec}:o:' .. g .. ':' .. ARGV[1] "
      + "redis.call('HSET', k, ARGV[2], ARGV[3]) redis.call('PEXPIRE', k, ARGV[4]) return 1";
  /** Drops the object's entries, of every schema version. */
  private static final String EVICT = "local g = redis.call('GET', KEYS[1]) or '0' "
      + "return redis.call('DEL', '{parsec}:o:' .. g .. ':' .. ARGV[1])";

  private final Redis redis;
  private final CircuitBreaker breaker;
  private final CacheSwitch state;
  private final NodeDrops suspend;
  private final Duration ttl;
  private final long fenceMillis;
  private final Counter hits;
  private final Counter misses;
  private final Counter errors;

  public ObjectCache(Vertx vertx, Redis redis, MeterRegistry metrics, Duration ttl, Duration fence) {
    this.redis = redis;
    this.ttl = ttl;
    this.fenceMillis = fence.toMillis();
    this.breaker = CircuitBreaker.create("redis-cache", vertx, new CircuitBreakerOptions()
        .setTimeout(200).setMaxFailures(3).setResetTimeout(2_000));
    this.state = CacheSwitch.of(vertx);
    this.suspend = new NodeDrops(vertx, "object-cache", reason -> state.suspend());
    this.hits = Counter.builder("parsec.cache.hits").description("gets by id answered from the object cache")
        .tag("cache", "objects").register(metrics);
    this.misses = Counter.builder("parsec.cache.misses").description("gets by id the object cache did not hold (read from PostgreSQL)")
        .tag("cache", "objects").register(metrics);
    this.errors = Counter.builder("parsec.cache.errors").description("object cache calls to Redis that failed or timed out")
        .tag("cache", "objects").register(metrics);
    CacheMetrics.watch(vertx, metrics, state, breaker);
    vertx.setPeriodic(1_000, id -> resumeIfSuspended());
  }

  public Future<Void> listen() {
    return suspend.listen();
  }

  /**
   * The object as stored under its class's schema version, or null on a miss (or while Redis cannot
   * be used). An object's key is its class and id.
   */
  public Future<JsonObject> get(String key, String version) {
    if (!state.usable()) {
      misses.increment();
      return Future.succeededFuture();
    }
    return call(Request.cmd(Command.EVAL).arg(GET).arg(1).arg(GENERATION).arg(key).arg(version)).map(response -> {
      if (response == null) {
        misses.increment();
        return null;
      }
      hits.increment();
      return new JsonObject(response.toString());
    }).otherwise(failure -> {
      errors.increment();
      return null;
    });
  }

  /** Stores an object read from PostgreSQL, unless a write fenced it meanwhile; never waits. */
  public void put(String key, String version, JsonObject object) {
    if (state.usable()) {
      call(Request.cmd(Command.EVAL).arg(PUT).arg(2).arg(GENERATION).arg(fenceKey(key)).arg(key).arg(version).arg(object.encode())
          .arg(ttl.toMillis())).onFailure(e -> errors.increment());
    }
  }

  /** Before a write: no reader may store the object until the write is done. */
  public Future<Void> fence(String key) {
    return call(Request.cmd(Command.SET).arg(fenceKey(key)).arg("1").arg("PX").arg(fenceMillis)).<Void>mapEmpty()
        .recover(this::suspendEverywhere);
  }

  /** After a write committed, before it is answered: the entry goes. */
  public Future<Void> evict(String key) {
    return call(Request.cmd(Command.EVAL).arg(EVICT).arg(1).arg(GENERATION).arg(key)).<Void>mapEmpty()
        .recover(this::suspendEverywhere);
  }

  /** A write Redis did not hear of: no node may read the cache until the generation moves on. */
  private Future<Void> suspendEverywhere(Throwable failure) {
    errors.increment();
    LOG.warn("object cache suspended on every node: a write could not reach Redis ({})", failure.getMessage());
    return suspend.announce("write missed");
  }

  private void resumeIfSuspended() {
    if (!state.suspended()) {
      return;
    }
    long seen = state.suspensions();
    call(Request.cmd(Command.INCR).arg(GENERATION)).onSuccess(generation -> {
      if (state.resume(seen)) {
        LOG.info("object cache resumed with generation {}", generation);
      }
    });
  }

  /**
   * Moves the generation on: every entry stored until now becomes unreachable, on every node. A restore
   * calls it, since the database it loads no longer matches what Redis holds.
   */
  public static Future<Response> startNewGeneration(Redis redis) {
    return redis.send(Request.cmd(Command.INCR).arg(GENERATION));
  }

  private Future<Response> call(Request request) {
    return breaker.execute(promise -> redis.send(request).onComplete(promise));
  }

  private static String fenceKey(String key) {
    return "{parsec}:fence:" + key;
  }
}
