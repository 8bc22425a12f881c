package dev.parsec.datapath;

import dev.parsec.access.Identify;
import dev.parsec.access.RoleNames;
import dev.parsec.appconfig.ConfigApi;
import dev.parsec.appconfig.ConfigStore;
import dev.parsec.cache.ObjectCache;
import dev.parsec.cache.RedisClients;
import dev.parsec.cloud.CloudCallers;
import dev.parsec.cloud.LiveQueryTriggers;
import dev.parsec.cloud.Triggers;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.Database;
import dev.parsec.db.Transaction;
import dev.parsec.files.FileService;
import dev.parsec.hooks.HookStore;
import dev.parsec.hooks.Webhooks;
import dev.parsec.objects.AggregateApi;
import dev.parsec.push.PushRoutes;
import dev.parsec.query.IndexAdvisor;
import dev.parsec.reads.Reads;
import dev.parsec.reads.StoredObjects;
import dev.parsec.replicas.ReadRouting;
import dev.parsec.replicas.ReplicaWatch;
import dev.parsec.roles.RolesApi;
import dev.parsec.schedules.JobSchedulesApi;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.users.UserRoutes;
import dev.parsec.writes.ChangeFeed;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.ObjectStore;
import dev.parsec.writes.Writes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one read path and one write path of an event loop, with everything they stand on: the pool, schemas,
 * object cache, triggers and hooks, the system classes' writers, the caller's identification, Parse.Config,
 * aggregations and files. Each API verticle owns one and serves REST from it; a node running workers owns one
 * more for cloud code's data calls (clouddata.CloudDataVerticle). Not thread-safe: use it
 * on the event loop that built it.
 */
public final class DataPath {

  private final Vertx vertx;
  private final Pool pool;
  private final ReadRouting routing;
  private final Redis redis;
  private final SchemaStore schemas;
  private final ParseValues values;
  private final Pool schemaPool;
  private final ObjectCache objectCache;
  private final HookStore hooks;
  private final Webhooks webhooks;
  private final CloudCallers callers;
  private final Triggers triggers;
  private final LiveQueryTriggers liveQueryTriggers;
  private final UserRoutes users;
  private final Map<String, ClassSchema> declared;
  private final Reads reads;
  private final Writes writes;
  private final RoleNames roles;
  private final Identify identities;
  private final ConfigApi config;
  private final AggregateApi aggregates;
  private final FileService files;
  private final String filesUrl;

  /**
   * Builds the path on the calling event loop.
   *
   * @param poolSize the most connections its pool opens (they open as calls need them)
   * @param replicas the node's watch of its read replicas; null without database_replica_urls
   */
  public DataPath(Vertx vertx, ParsecConfig config, String metricsRegistry, ReplicaWatch replicas, int poolSize) {
    this.vertx = vertx;
    MeterRegistry meters = BackendRegistries.getNow(metricsRegistry);
    // one connection more than database_pool_size, kept for the statements a transaction's work makes outside it
    pool = Database.pool(vertx, config.databaseUrl().orElseThrow(), poolSize + 1,
        "pg-" + Thread.currentThread().getName(), config.gateway().requestTimeout(), config.databasePreparedStatements());
    Transaction.keepOneOutside(pool, poolSize + 1);
    routing = ReadRouting.of(vertx, config, pool, replicas, meters);
    redis = config.redis().map(settings -> RedisClients.create(vertx, settings, "redis-cache")).orElse(null);
    // schemas read and change on a connection of their own: a write's transaction holds one of the pool's while it
    // makes its class or field, and writes doing so at once on a loop would each wait for a connection none frees
    schemaPool = Database.pool(vertx, config.databaseUrl().orElseThrow(), 1, "pg-schemas-" + Thread.currentThread().getName(),
        config.gateway().requestTimeout(), config.databasePreparedStatements());
    schemas = new SchemaStore(vertx, schemaPool);
    objectCache = redis == null || !config.gateway().cacheObjects() ? null : new ObjectCache(vertx, redis, meters,
        Duration.ofHours(1), config.gateway().requestTimeout().plusSeconds(5));
    filesUrl = config.serverUrl() + "/files/" + config.appId() + "/";
    values = new ParseValues(filesUrl);
    hooks = new HookStore(vertx, pool);
    webhooks = new Webhooks(vertx, config.cloud().webhookKey(), config.cloud().functionTimeout());
    // system classes whose fields are fixed in code, with no _SCHEMA row (as in Parse Server)
    declared = new HashMap<>(PushRoutes.DECLARED);
    declared.putAll(JobSchedulesApi.DECLARED);
    callers = new CloudCallers(pool, new StoredObjects(schemas, values, declared)::read);
    triggers = new Triggers(vertx, config.cloud().functionTimeout(), hooks, webhooks, callers);
    liveQueryTriggers = new LiveQueryTriggers(vertx, config.cloud().functionTimeout(), hooks, webhooks, callers);
    users = new UserRoutes(vertx, config, pool, triggers);
    reads = new Reads(schemas, values, pool, routing, objectCache, triggers, new IndexAdvisor(vertx, config.autoIndex()),
        declared, config.api().defaultLimit());
    Map<String, ClassWriter> writers = new HashMap<>(users.writers());
    writers.putAll(PushRoutes.writers(objectCache));
    writers.put(RolesApi.ROLE, RolesApi.writer(vertx));
    writes = new Writes(schemas, new ObjectStore(pool, values, config.databasePreparedStatements()), pool,
        new ChangeFeed(vertx, values, config.liveQueryClasses()), objectCache, triggers, config.serverUrl(),
        config.allowClientClassCreation(), writers, declared, config.api().allowCustomObjectId());
    roles = new RoleNames(pool);
    identities = new Identify(users.sessionCheck(), roles);
    this.config = new ConfigApi(new ConfigStore(pool));
    aggregates = new AggregateApi(schemas, values, routing);
    files = new FileService(FileStores.of(vertx, pool, config), config.files(), filesUrl, triggers, users::anonymous);
  }

  /** Starts following what other event loops and nodes change: schemas, sessions, roles, hooks, cached objects. */
  public Future<Void> listen() {
    Future<Void> cacheListening = objectCache == null ? Future.succeededFuture() : objectCache.listen();
    return Future.join(List.of(schemas.listen(), users.listen(), roles.listen(vertx), hooks.listen(), cacheListening)).mapEmpty();
  }

  /** Closes the pools and clients; the path serves no more calls. */
  public Future<Void> close() {
    return pool.close()
        .eventually(schemaPool::close)
        .eventually(routing::close)
        .eventually(users::close)
        .eventually(() -> {
          if (redis != null) {
            redis.close();
          }
          return Future.succeededFuture();
        });
  }

  public Pool pool() {
    return pool;
  }

  public ReadRouting routing() {
    return routing;
  }

  public Redis redis() {
    return redis;
  }

  public SchemaStore schemas() {
    return schemas;
  }

  public ParseValues values() {
    return values;
  }

  public HookStore hooks() {
    return hooks;
  }

  public Webhooks webhooks() {
    return webhooks;
  }

  public Triggers triggers() {
    return triggers;
  }

  /** Who makes a call, as cloud code and webhooks are told. */
  public CloudCallers callers() {
    return callers;
  }

  public LiveQueryTriggers liveQueryTriggers() {
    return liveQueryTriggers;
  }

  public UserRoutes users() {
    return users;
  }

  public Reads reads() {
    return reads;
  }

  public Writes writes() {
    return writes;
  }

  public Identify identities() {
    return identities;
  }

  public ConfigApi config() {
    return config;
  }

  public AggregateApi aggregates() {
    return aggregates;
  }

  public FileService files() {
    return files;
  }

  /** The URL stored files are served under (server_url/files/appId/). */
  public String filesUrl() {
    return filesUrl;
  }
}
