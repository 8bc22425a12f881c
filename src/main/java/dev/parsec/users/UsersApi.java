package dev.parsec.users;

import dev.parsec.access.Acl;
import dev.parsec.cloud.Triggers;
import dev.parsec.db.Transaction;
import dev.parsec.error.ParseException;
import dev.parsec.objects.ObjectStore;
import dev.parsec.objects.WriteAccess;
import dev.parsec.reads.Reads;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** /users: signup, the signed-in user (/users/me), and reading, updating and deleting users. */
public final class UsersApi {

  private final SchemaStore schemas;
  private final ObjectStore store;
  private final Reads reads;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final Pool pool;
  private final String serverUrl;
  private final LinkedAccounts linked;
  private final PasswordRules rules;
  private final AccountEmails emails;
  private final Triggers triggers;

  UsersApi(SchemaStore schemas, ObjectStore store, Reads reads, SessionStore sessions, PasswordHasher hasher,
           Pool pool, String serverUrl, LinkedAccounts linked, PasswordRules rules, AccountEmails emails, Triggers triggers) {
    this.triggers = triggers;
    this.linked = linked;
    this.rules = rules;
    this.emails = emails;
    this.schemas = schemas;
    this.store = store;
    this.reads = reads;
    this.sessions = sessions;
    this.hasher = hasher;
    this.pool = pool;
    this.serverUrl = serverUrl;
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
    boolean viaProvider = body.getValue("authData") instanceof JsonObject authData && LinkedAccounts.links(authData);
    boolean randomName = viaProvider && !body.containsKey("username");
    if (randomName) {
      body = body.copy().put("username", SecretTokens.newToken().substring(0, 25));
    }
    UserWrite user = UserWrite.parse(body, true, request.master());
    if (!viaProvider) {
      return create(request, body, "password");
    }
    JsonObject signUp = body;
    return linked.validate(user.authData()).compose(v -> linked.holders(pool, user.authData())).compose(holders -> {
      if (holders.size() > 1) {
        return Future.failedFuture(alreadyLinked());
      }
      String provider = LinkedAccounts.provider(user.authData());
      if (holders.size() == 1) {
        return logInWith(request, holders.iterator().next(), user.authData(), provider);
      }
      return create(request, signUp, provider).map(reply -> {
        if (randomName) {
          JsonObject created = (JsonObject) reply.body();
          if (!created.containsKey("username")) {
            created.put("username", user.username());
          }
        }
        return reply;
      });
    });
  }

  /** A new user, as the _User beforeSave trigger leaves the body; afterSave is told once it committed. */
  private Future<Reply> create(ParseRequest request, JsonObject body, String authProvider) {
    return triggers.beforeSave("_User", null, withoutPassword(body), request)
        .compose(saved -> create(request, UserWrite.parse(withPasswordOf(saved, body), true, request.master()), authProvider))
        .onSuccess(reply -> {
          JsonObject created = (JsonObject) reply.body();
          triggers.afterSave("_User", created.getString("objectId"), withoutPassword(body).mergeIn(created), request);
        });
  }

  /** Triggers never see a password (Parse Server's hide it too once hashed). */
  private static JsonObject withoutPassword(JsonObject body) {
    JsonObject shown = body.copy();
    shown.remove("password");
    shown.remove("sessionToken");
    return shown;
  }

  private static JsonObject withPasswordOf(JsonObject saved, JsonObject body) {
    return body.containsKey("password") ? saved.copy().put("password", body.getValue("password")) : saved;
  }

  private Future<Reply> create(ParseRequest request, UserWrite user, String authProvider) {
    if (user.password() != null) {
      rules.check(user.password(), user.username());
    }
    Future<String> hashed = user.password() == null ? Future.succeededFuture() : hasher.hash(user.password());
    java.util.concurrent.atomic.AtomicReference<Runnable> mail = new java.util.concurrent.atomic.AtomicReference<>();
    return notTaken(pool, user, null)
        .compose(v -> schemas.ensure("_User", user.write().fieldTypes(), false))
        .compose(schema -> hashed.compose(hash -> Transaction.within(pool, request.transaction(), tx ->
            store.create(tx, schema, user.write()).compose(created -> {
              String id = created.getString("objectId");
              Acl acl = ownedBy(id, user.write().acl());
              Future<Void> links = user.authData() == null ? Future.succeededFuture() : linked.store(tx, id, user.authData());
              return tx.preparedQuery(UserSql.SET_OWNER).execute(Tuple.of(id, hash, acl.read(), acl.write()))
                  .compose(done -> links)
                  .compose(done -> emails.startVerification(tx, id, user.email())).onSuccess(mail::set)
                  .compose(done -> sessions.create(tx, id, "signup", authProvider, request.installationId()))
                  .map(token -> created.put("sessionToken", token));
            }))))
        .onSuccess(created -> mail.get().run())
        .recover(UsersApi::takenByRace)
        .map(created -> Reply.created(created, serverUrl + "/users/" + created.getString("objectId")));
  }

  /** The user holding a provider's id logs in with it; the provider's fresh part (its new token) is kept. */
  private Future<Reply> logInWith(ParseRequest request, String id, JsonObject authData, String provider) {
    return reads.asServer(pool, "_User", id).compose(user -> triggers.beforeLogin(user, request)
        .compose(allowed -> Transaction.within(pool, request.transaction(), tx -> linked.store(tx, id, authData)
            .compose(v -> sessions.create(tx, id, "login", provider, request.installationId()))))
        // a login on an installation replaces the user's earlier session there
        .compose(token -> request.installationId() == null ? Future.succeededFuture(token) : sessions.forget(id).map(token))
        .compose(token -> reads.asServer(pool, "_User", id).map(logged -> {
          triggers.afterLogin(logged, request);
          return Reply.ok(logged.put("sessionToken", token));
        })));
  }

  /** The signed-in user's own record, whatever its class's permissions say (as Parse Server answers it). */
  private Future<Reply> me(ParseRequest request) {
    if (request.userId() == null) {
      throw SessionCheck.invalidToken();
    }
    return reads.asServer(db(request), "_User", request.userId())
        .recover(gone -> Future.failedFuture(SessionCheck.invalidToken()))
        .map(user -> Reply.ok(user.put("sessionToken", request.sessionToken())));
  }

  private Future<Reply> get(ParseRequest request) {
    String id = request.path("objectId");
    return reads.get(request, "_User", id).map(user -> {
      if (id.equals(request.userId())) {
        user.put("sessionToken", request.sessionToken());
      }
      return Reply.ok(user);
    });
  }

  private Future<Reply> find(ParseRequest request) {
    return reads.find(request, "_User").map(Reply::ok);
  }

  /** A user's write to itself (or the master key's), already allowed above: no ACL stands in the way. */
  private static final WriteAccess SELF = new WriteAccess(null, java.util.List.of(), null);

  private Future<Reply> update(ParseRequest request) {
    String id = request.path("objectId");
    if (!request.master() && !id.equals(request.userId())) {
      throw new ParseException(ParseException.SESSION_MISSING, "Cannot modify user " + id + ".");
    }
    return triggers.beforeSave("_User", id, withoutPassword(request.body()), request)
        .compose(saved -> update(request, id, withPasswordOf(saved, request.body())))
        .onSuccess(reply -> triggers.afterSave("_User", id, withoutPassword(request.body()).mergeIn((JsonObject) reply.body()), request));
  }

  private Future<Reply> update(ParseRequest request, String id, JsonObject body) {
    UserWrite user = UserWrite.parse(body, false, request.master());
    // a new password must pass the policy, and differ from the last ones, before it is hashed
    Future<JsonArray> history = user.password() == null ? Future.succeededFuture()
        : rules.approve(pool, id, user.password(), user.username());
    Future<String> hash = user.password() == null ? Future.succeededFuture()
        : history.compose(v -> hasher.hash(user.password()));
    java.util.concurrent.atomic.AtomicReference<Runnable> mail = new java.util.concurrent.atomic.AtomicReference<>(() -> { });
    Future<Void> linkable = user.authData() == null ? Future.succeededFuture() : linked.validate(user.authData())
        .compose(v -> linked.holders(pool, user.authData()))
        .compose(holders -> holders.stream().anyMatch(holder -> !holder.equals(id)) ? Future.failedFuture(alreadyLinked())
            : Future.<Void>succeededFuture());
    return linkable.compose(v -> notTaken(pool, user, id))
        .compose(v -> schemas.ensure("_User", user.write().fieldTypes(), false))
        .compose(schema -> hash.compose(newHash -> Transaction.within(pool, request.transaction(), tx ->
            store.update(tx, schema, id, user.write(), SELF)
                .compose(updated -> user.authData() == null ? Future.succeededFuture(updated)
                    : linked.store(tx, id, user.authData()).map(updated))
                .compose(updated -> user.email() == null ? Future.succeededFuture(updated)
                    : emails.startVerification(tx, id, user.email()).map(send -> {
                      mail.set(send);
                      return updated;
                    }))
                .compose(updated -> newHash == null ? Future.succeededFuture(updated)
                    : passwordChanged(tx, request, id, newHash, history.result(), updated)))))
        .compose(updated -> user.password() == null ? Future.succeededFuture(updated) : sessions.forget(id).map(updated))
        .onSuccess(updated -> mail.get().run())
        .recover(UsersApi::takenByRace)
        .map(Reply::ok);
  }

  /** A new password revokes every session of the user; a user who changed it gets a new one, as with Parse Server. */
  private Future<JsonObject> passwordChanged(SqlClient tx, ParseRequest request, String id, String hash, JsonArray history,
                                            JsonObject updated) {
    Future<Void> revoked = tx.preparedQuery(UserSql.SET_PASSWORD).execute(Tuple.of(id, hash, history))
        .compose(v -> sessions.revokeAll(tx, id));
    if (request.master()) {
      return revoked.map(updated);
    }
    return revoked.compose(v -> sessions.create(tx, id, "upgrade", request.installationId()))
        .map(token -> updated.put("sessionToken", token));
  }

  private Future<Reply> delete(ParseRequest request) {
    String id = request.path("objectId");
    if (!request.master() && request.userId() == null) {
      throw new ParseException(ParseException.SESSION_MISSING, "Insufficient auth to delete user");
    }
    if (!request.master() && !id.equals(request.userId())) {
      throw ParseException.objectNotFound();
    }
    return triggers.beforeDelete("_User", id, request)
        .compose(allowed -> Transaction.within(pool, request.transaction(), tx -> tx.preparedQuery(UserSql.DELETE_USER)
            .execute(Tuple.of(id)).compose(rows -> {
              if (rows.rowCount() == 0) {
                return Future.failedFuture(ParseException.objectNotFound());
              }
              return sessions.revokeAll(tx, id);
            })))
        .compose(v -> sessions.forget(id))
        .onSuccess(v -> triggers.afterDelete("_User", id, request))
        .map(v -> Reply.ok(new JsonObject()));
  }

  /** Refuses a username or email another user holds, compared case-insensitively; username first, as Parse Server. */
  private static Future<Void> notTaken(SqlClient db, UserWrite user, String self) {
    if (user.username() == null && user.email() == null) {
      return Future.succeededFuture();
    }
    return db.preparedQuery(UserSql.TAKEN).execute(Tuple.of(user.username(), user.email(), self)).map(rows -> {
      for (Row row : rows) {
        if (Boolean.TRUE.equals(row.getBoolean("username_taken"))) {
          throw usernameTaken();
        }
      }
      if (rows.size() > 0) {
        throw emailTaken();
      }
      return null;
    });
  }

  /** The unique indexes catch what a check could not: two signups with one name at the same moment. */
  private static <T> Future<T> takenByRace(Throwable failure) {
    if (failure instanceof PgException pg && UserSql.UNIQUE_VIOLATION.equals(pg.getSqlState()) && pg.getConstraint() != null) {
      if (pg.getConstraint().equals(UserSql.USERNAME_INDEX)) {
        return Future.failedFuture(usernameTaken());
      }
      if (pg.getConstraint().equals(UserSql.EMAIL_INDEX)) {
        return Future.failedFuture(emailTaken());
      }
      if (pg.getConstraint().startsWith(UserSql.AUTH_DATA_INDEX_PREFIX)) {
        return Future.failedFuture(alreadyLinked());
      }
    }
    return Future.failedFuture(failure);
  }

  private static ParseException usernameTaken() {
    return new ParseException(ParseException.USERNAME_TAKEN, "Account already exists for this username.");
  }

  private static ParseException alreadyLinked() {
    return new ParseException(ParseException.ACCOUNT_ALREADY_LINKED, "this auth is already used");
  }

  private static ParseException emailTaken() {
    return new ParseException(ParseException.EMAIL_TAKEN, "Account already exists for this email address.");
  }

  /** The ACL a new user gets: the one sent, if any, plus read and write for the user; no public access otherwise. */
  static Acl ownedBy(String userId, Acl given) {
    Set<String> read = new LinkedHashSet<>(given == null ? Set.of() : Arrays.asList(given.read()));
    Set<String> write = new LinkedHashSet<>(given == null ? Set.of() : Arrays.asList(given.write()));
    read.add(userId);
    write.add(userId);
    return new Acl(read.toArray(String[]::new), write.toArray(String[]::new));
  }

  private SqlClient db(ParseRequest request) {
    return request.transaction() != null ? request.transaction() : pool;
  }
}
