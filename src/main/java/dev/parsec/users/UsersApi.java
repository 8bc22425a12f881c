package dev.parsec.users;

import dev.parsec.cloud.Triggers;
import dev.parsec.db.Transaction;
import dev.parsec.reads.Reads;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

/** /users: signup, the signed-in user (/users/me), and reading, updating and deleting users. */
public final class UsersApi {

  private static final String USER = "_User";

  private final Reads reads;
  private final Writes writes;
  private final SessionStore sessions;
  private final Pool pool;
  private final String serverUrl;
  private final LinkedAccounts linked;
  private final Triggers triggers;

  UsersApi(Reads reads, Writes writes, SessionStore sessions, Pool pool, String serverUrl, LinkedAccounts linked,
           Triggers triggers) {
    this.reads = reads;
    this.writes = writes;
    this.sessions = sessions;
    this.pool = pool;
    this.serverUrl = serverUrl;
    this.linked = linked;
    this.triggers = triggers;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/users", this::signUp)
        .on(Method.GET, "/users", this::find)
        .on(Method.GET, "/users/me", this::me)
        .on(Method.GET, "/users/:objectId", this::get)
        .on(Method.PUT, "/users/:objectId", this::update)
        .on(Method.DELETE, "/users/:objectId", this::delete)
        // the SDKs query users through /classes/_User, which Parse Server serves as /users
        .on(Method.POST, "/classes/_User", this::signUp)
        .on(Method.GET, "/classes/_User", this::find)
        .on(Method.GET, "/classes/_User/:objectId", this::get)
        .on(Method.PUT, "/classes/_User/:objectId", this::update)
        .on(Method.DELETE, "/classes/_User/:objectId", this::delete);
  }

  /**
   * A signup; with authData, a sign-in through a provider: the user holding the provider's id logs
   * in (200), or a new user is made, named at random unless a username is given (201).
   */
  private Future<Reply> signUp(ParseRequest request) {
    JsonObject body = request.body();
    if (!(body.getValue("authData") instanceof JsonObject authData && LinkedAccounts.links(authData))) {
      return create(request, body);
    }
    boolean randomName = !body.containsKey("username");
    JsonObject signUp = randomName ? body.copy().put("username", SecretTokens.newToken().substring(0, 25)) : body;
    UserWrite user = UserWrite.parse(signUp, true, request.master());
    return linked.validate(user.authData()).compose(v -> linked.holders(pool, user.authData())).compose(holders -> {
      if (holders.size() > 1) {
        return Future.failedFuture(UserWriter.alreadyLinked());
      }
      if (holders.size() == 1) {
        return logInWith(request, holders.iterator().next(), user.authData(), LinkedAccounts.provider(user.authData()));
      }
      return create(request, signUp).map(reply -> {
        JsonObject created = (JsonObject) reply.body();
        if (randomName && !created.containsKey("username")) {
          created.put("username", user.username());
        }
        return reply;
      });
    });
  }

  private Future<Reply> create(ParseRequest request, JsonObject body) {
    return writes.save(request, USER, null, body)
        .map(created -> Reply.created(created, serverUrl + "/users/" + created.getString("objectId")));
  }

  /** The user holding a provider's id logs in with it; the provider's fresh part (its new token) is kept. */
  private Future<Reply> logInWith(ParseRequest request, String id, JsonObject authData, String provider) {
    return reads.asServer(pool, USER, id).compose(user -> triggers.beforeLogin(user, request)
        .compose(allowed -> Transaction.within(pool, request.transaction(), tx -> linked.store(tx, id, authData)
            .compose(v -> sessions.create(tx, id, "login", provider, request.installationId()))))
        // a login on an installation replaces the user's earlier session there
        .compose(token -> request.installationId() == null ? Future.succeededFuture(token) : sessions.forget(id).map(token))
        .compose(token -> writes.evict(USER, id).compose(v -> reads.asServer(pool, USER, id)).map(logged -> {
          triggers.afterLogin(logged, request);
          return Reply.ok(logged.put("sessionToken", token));
        })));
  }

  /** The signed-in user's own record, whatever its class's permissions say (as Parse Server answers it). */
  private Future<Reply> me(ParseRequest request) {
    if (request.userId() == null) {
      throw SessionCheck.invalidToken();
    }
    return reads.asServer(db(request), USER, request.userId())
        .recover(gone -> Future.failedFuture(SessionCheck.invalidToken()))
        .map(user -> Reply.ok(user.put("sessionToken", request.sessionToken())));
  }

  private Future<Reply> get(ParseRequest request) {
    String id = request.path("objectId");
    return reads.get(request, USER, id).map(user -> {
      if (id.equals(request.userId())) {
        user.put("sessionToken", request.sessionToken());
      }
      return Reply.ok(user);
    });
  }

  private Future<Reply> find(ParseRequest request) {
    return reads.find(request, USER).map(Reply::ok);
  }

  private Future<Reply> update(ParseRequest request) {
    return writes.save(request, USER, request.path("objectId"), request.body()).map(Reply::ok);
  }

  private Future<Reply> delete(ParseRequest request) {
    return writes.delete(request, USER, request.path("objectId")).map(v -> Reply.ok(new JsonObject()));
  }

  private SqlClient db(ParseRequest request) {
    return request.transaction() != null ? request.transaction() : pool;
  }
}
