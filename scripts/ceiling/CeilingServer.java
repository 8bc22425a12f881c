import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The ceiling of a get by id on this machine: a bare Vert.x 5 server answering GET {mount}/classes/{Class}/{id}
 * with the row of that objectId, as JSON, from the table Parsec keeps the class in. One verticle per event loop
 * (as many as cores), each with its own pool of pipelined prepared statements, as Parsec's API verticles; no
 * router, no auth, no ACL, no metrics, no logging: what a get could cost with nothing but HTTP, the PostgreSQL
 * client and JSON. Run by scripts/get-ceiling.sh, from Parsec's jar (which holds Vert.x and the PostgreSQL client):
 *
 *   java -cp target/parsec.jar scripts/ceiling/CeilingServer.java PORT DATABASE_URL [MOUNT] [POOL_SIZE]
 */
public class CeilingServer extends AbstractVerticle {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

  private final int port;
  private final PgConnectOptions database;
  private final String mount;
  private final int poolSize;
  private Pool pool;

  CeilingServer(int port, PgConnectOptions database, String mount, int poolSize) {
    this.port = port;
    this.database = database;
    this.mount = mount;
    this.poolSize = poolSize;
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: CeilingServer PORT DATABASE_URL [MOUNT] [POOL_SIZE]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    URI url = URI.create(args[1]);
    String user = url.getUserInfo() == null ? "postgres" : url.getUserInfo().split(":", 2)[0];
    String password = url.getUserInfo() == null || !url.getUserInfo().contains(":") ? "" : url.getUserInfo().split(":", 2)[1];
    PgConnectOptions database = new PgConnectOptions().setHost(url.getHost()).setPort(url.getPort() < 0 ? 5432 : url.getPort())
        .setDatabase(url.getPath().substring(1)).setUser(user).setPassword(password)
        .setCachePreparedStatements(true).setPipeliningLimit(256);
    String mount = args.length > 2 ? args[2] : "/parse";
    int poolSize = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
    vertx.deployVerticle(() -> new CeilingServer(port, database, mount, poolSize), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("ceiling server on " + port + ", " + loops + " event loops, native transport "
            + vertx.isNativeTransportEnabled()))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  @Override
  public void start(Promise<Void> started) {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(poolSize)).connectingTo(database).using(vertx).build();
    String prefix = mount + "/classes/";
    vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
        .requestHandler(request -> {
          String path = request.path();
          int slash = path.indexOf('/', prefix.length());
          if (!path.startsWith(prefix) || slash < 0) {
            request.response().setStatusCode(404).end();
            return;
          }
          String className = path.substring(prefix.length(), slash);
          get(className, path.substring(slash + 1)).onComplete(done -> {
            if (done.failed()) {
              request.response().setStatusCode(500).end(String.valueOf(done.cause()));
            } else if (done.result() == null) {
              request.response().setStatusCode(404).putHeader("content-type", "application/json")
                  .end("{\"code\":101,\"error\":\"Object not found.\"}");
            } else {
              request.response().putHeader("content-type", "application/json; charset=utf-8").end(done.result().toBuffer());
            }
          });
        })
        .listen().<Void>mapEmpty().onComplete(started);
  }

  private Future<JsonObject> get(String className, String objectId) {
    // the class name is quoted as an identifier; a name with a quote in it is refused rather than escaped
    if (className.indexOf('"') >= 0) {
      return Future.succeededFuture(null);
    }
    PreparedQuery<RowSet<Row>> query = pool.preparedQuery("SELECT * FROM \"" + className + "\" WHERE \"objectId\" = $1");
    return query.execute(Tuple.of(objectId)).map(rows -> rows.size() == 0 ? null : json(rows.iterator().next()));
  }

  private static JsonObject json(Row row) {
    JsonObject object = new JsonObject();
    for (int i = 0; i < row.size(); i++) {
      String column = row.getColumnName(i);
      Object value = row.getValue(i);
      if (value == null || column.startsWith("_")) {
        continue;
      }
      object.put(column, value instanceof OffsetDateTime time ? ISO.format(time.withOffsetSameInstant(ZoneOffset.UTC)) : value);
    }
    return object;
  }
}
