package dev.parsec.node;

import dev.parsec.access.ClientAddress;
import dev.parsec.access.Identify;
import dev.parsec.access.MasterKey;
import dev.parsec.analytics.EventsApi;
import dev.parsec.batch.BatchApi;
import dev.parsec.cloud.FunctionsApi;
import dev.parsec.cloud.JobsApi;
import dev.parsec.config.ParsecConfig;
import dev.parsec.datapath.DataPath;
import dev.parsec.files.FilesApi;
import dev.parsec.gateway.AppIdCheck;
import dev.parsec.gateway.ConnectionLimit;
import dev.parsec.gateway.ConnectionTimeouts;
import dev.parsec.gateway.Gateway;
import dev.parsec.gateway.Idempotency;
import dev.parsec.gateway.QueryLimits;
import dev.parsec.gateway.RateLimiter;
import dev.parsec.hooks.HookStore;
import dev.parsec.hooks.HooksApi;
import dev.parsec.livequery.LiveQueryServer;
import dev.parsec.logs.LogsApi;
import dev.parsec.objects.ObjectsApi;
import dev.parsec.objects.PurgeApi;
import dev.parsec.ops.OpsRoutes;
import dev.parsec.ops.ParseHealth;
import dev.parsec.push.PushRoutes;
import dev.parsec.reads.Reads;
import dev.parsec.replicas.ReplicaWatch;
import dev.parsec.roles.RolesApi;
import dev.parsec.schedules.JobSchedulesApi;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.schema.SchemasApi;
import dev.parsec.serverinfo.ServerInfoApi;
import dev.parsec.users.UserRoutes;
import dev.parsec.web.Admission;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ErrorResponder;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.RequestReader;
import dev.parsec.writes.Writes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One event loop's HTTP server: the operations endpoints (unless admin_port takes them) and the Parse API under
 * the mount path.
 * One instance runs per core, all on the same port.
 */
public final class ApiVerticle extends VerticleBase {

  private final ParsecConfig config;
  private final String metricsRegistry;
  /** The node's watch of its read replicas; null without database_replica_urls. */
  private final ReplicaWatch replicas;
  private DataPath path;
  private HttpServer server;
  private ParseHealth health;
  private final InFlightRequests inFlight = new InFlightRequests();

  public ApiVerticle(ParsecConfig config, String metricsRegistry, ReplicaWatch replicas) {
    this.config = config;
    this.metricsRegistry = metricsRegistry;
    this.replicas = replicas;
  }

  @Override
  public Future<?> start() {
    path = new DataPath(vertx, config, metricsRegistry, replicas, config.databasePoolSize());
    Pool pool = path.pool();
    Redis redis = path.redis();
    SchemaStore schemas = path.schemas();
    ParseValues values = path.values();
    Reads reads = path.reads();
    Writes writes = path.writes();
    UserRoutes users = path.users();
    HookStore hooks = path.hooks();
    MeterRegistry meters = BackendRegistries.getNow(metricsRegistry);

    Router router = Router.router(vertx);
    router.route().handler(inFlight);
    ConnectionTimeouts timeouts = ConnectionTimeouts.start(vertx, config.gateway());
    router.route().handler(timeouts);
    MasterKey masterKey = new MasterKey(config.masterKey().orElseThrow(), config.masterKeyIps());
    ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
    RequestReader reader = new RequestReader(config, masterKey, clientAddress);
    Gateway.mount(router, config.gateway(), reader);
    if (config.adminPort().isEmpty()) {
      // with admin_port set they are served there only (ops.AdminVerticle)
      OpsRoutes.mount(router, vertx, pool, redis, config.clustered(), metricsRegistry);
    }

    String mount = config.mountPath();
    // Parse Server's health check, under the mount path and before the application id is asked for
    health = ParseHealth.mount(router, mount);
    PushRoutes push = new PushRoutes(vertx, config, pool, schemas, values);
    Identify identities = path.identities();
    Function<ParseRequest, Future<ParseRequest>> identify = request -> identities.of(request.access()).map(request::with);
    RateLimiter rateLimiter = new RateLimiter(vertx, config.gateway(), mount, reader, meters);
    QueryLimits limits = new QueryLimits(config.gateway());
    Admission admission = (request, method, route) -> {
      // what the call's key may call (the read-only master key only reads), judged again for each batch sub-request
      ParseRequest limited = limits.check(request.with(request.access().forCall(method, route)));
      return rateLimiter.admit(limited, method, route).map(headers -> new Admission.Admitted(limited, headers));
    };

    // system classes' routes come before /classes/:className, which would take /classes/_User and the others
    ApiRoutes routes = new ApiRoutes();
    users.addTo(routes, reads, writes);
    users.mountPages(vertx, router, mount, writes);
    push.addTo(routes, reads, writes);
    ObjectsApi objects = new ObjectsApi(reads, writes, config.serverUrl());
    new RolesApi(objects).addTo(routes);
    new JobsApi(vertx, pool).addTo(routes);
    new JobSchedulesApi(vertx, reads, writes, config.serverUrl()).addTo(routes);
    objects.addTo(routes);
    path.aggregates().addTo(routes);
    new BatchApi(routes, admission, writes, pool, mount, config.batchLimit()).addTo(routes);
    path.config().addTo(routes);
    new FunctionsApi(vertx, config.cloud().functionTimeout(), hooks, path.webhooks(), path.callers()).addTo(routes);
    new HooksApi(hooks).addTo(routes);
    new LogsApi(vertx).addTo(routes);
    new SchemasApi(schemas).addTo(routes);
    new EventsApi(meters).addTo(routes);
    new PurgeApi(writes).addTo(routes);
    new ServerInfoApi(config.push().fcmEnabled() || config.push().apnsEnabled()).addTo(routes);
    // before any route under the mount path reads a body: a wrong application id header is refused unread
    // (a route without a path, so that metrics still name each request by its API route)
    router.route().handler(new AppIdCheck(config.appId(), mount));
    // before the JSON routes: uploads stream their bodies, never through the BodyHandler
    FilesApi.mount(vertx, router, config, path.files(), reader, identify, rateLimiter);
    routes.mount(router, mount, BodyHandler.create(false).setBodyLimit(config.gateway().maxBodySize()), reader, identify,
        admission, runner(new Idempotency(vertx, pool, config.gateway().idempotencyTtl(), meters)));
    router.route(mount + "/*").handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", "Cannot " + ctx.request().method() + " " + ctx.normalizedPath()).toBuffer()));
    router.route(mount + "/*").failureHandler(new ErrorResponder());

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        // JSON answers are gzipped by Reply (gateway.Compression): Netty's compressor in the pipeline
        // would keep file downloads from going to the socket by sendfile
        .setCompressionSupported(false)
        // no SDK upgrades cleartext HTTP/1.1 to HTTP/2 (h2c); HTTP/2 comes with TLS and ALPN
        .setHttp2ClearTextEnabled(false)
        // LiveQuery fans one event out to thousands of sockets: compressing each copy costs CPU and a
        // zlib context (hundreds of KB) per connection, for JSON messages of a few hundred bytes
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setTcpFastOpen(true)
        .setTcpNoDelay(true);
    // the SDKs derive the LiveQuery URL from the server URL (http -> ws), so WebSockets mostly open on the mount
    // path; as in Parse Server, an upgrade on any path is LiveQuery (apps set liveQueryServerURL to ws://host/ too)
    LiveQueryServer liveQuery = new LiveQueryServer(vertx, config, schemas, path.routing(), values,
        identities, masterKey, clientAddress, path.liveQueryTriggers(), meters);
    ConnectionLimit connections = ConnectionLimit.of(vertx, config.gateway().maxConnections());
    Future<HttpServer> listening = vertx.createHttpServer(Gateway.transport(options, config.gateway()))
        .connectionHandler(connection -> {
          connections.accept(connection);
          timeouts.accept(connection);
        })
        .requestHandler(router)
        .webSocketHandshakeHandler(handshake -> handshake.accept())
        .webSocketHandler(socket -> {
          timeouts.upgraded(socket);
          liveQuery.accept(socket);
        })
        .listen()
        .onSuccess(s -> server = s);
    return Future.join(List.of(path.listen(), liveQuery.listen(), listening)).onSuccess(started -> health.set(ParseHealth.State.OK));
  }

  /** Stops accepting, lets requests in flight finish within the grace period, then closes the pools. */
  @Override
  public Future<?> stop() {
    long grace = config.shutdownGrace().toMillis();
    if (health != null) {
      health.set(ParseHealth.State.STOPPING);
    }
    Future<Void> closed = server == null ? Future.succeededFuture() : server.shutdown(grace, TimeUnit.MILLISECONDS);
    Future<Void> answered = inFlight.drained().timeout(grace, TimeUnit.MILLISECONDS);
    return Future.join(closed, answered).eventually(() -> path == null ? Future.succeededFuture() : path.close());
  }

  /** Runs each call through idempotency, then, for a call that may have written, marks its caller's last write. */
  private ApiRoutes.Runner runner(Idempotency idempotency) {
    if (replicas == null) {
      return idempotency::run;
    }
    return (ctx, request, action) -> idempotency.run(ctx, request, action)
        .transform(result -> path.routing().afterCall(request, result));
  }
}
