package dev.parsec.users;

import dev.parsec.cloud.Triggers;
import dev.parsec.error.ParseException;
import dev.parsec.reads.Reads;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * /login, /logout and /verifyPassword. A wrong password and an unknown user get the same answer
 * after the same work: a password is always checked against a hash, a dummy one when no user matched.
 */
public final class LoginApi {

  private final Reads reads;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final Pool pool;

  /** Parse Server's accountLockout: after threshold failed logins the account refuses logins for some minutes. */
  public record Lockout(int threshold, int minutes) {
    boolean enabled() {
      return threshold > 0;
    }
  }

  private final Lockout lockout;

  private final AccountEmails emails;
  private final Triggers triggers;

  LoginApi(Reads reads, SessionStore sessions, PasswordHasher hasher, Pool pool, Lockout lockout, AccountEmails emails,
           Triggers triggers) {
    this.emails = emails;
    this.triggers = triggers;
    this.lockout = lockout;
    this.reads = reads;
    this.sessions = sessions;
    this.hasher = hasher;
    this.pool = pool;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/login", this::logIn)
        .on(Method.POST, "/login", this::logIn)
        .on(Method.POST, "/logout", this::logOut)
        .on(Method.POST, "/loginAs", this::logInAs)
        .on(Method.GET, "/verifyPassword", this::verifyPassword)
        .on(Method.POST, "/verifyPassword", this::verifyPassword);
  }

  /** A user whose password checked out. */
  private record Found(String objectId) {
  }

  private Future<Reply> logIn(ParseRequest request) {
    return authenticate(request).compose(found -> reads.asServer(pool, "_User", found.objectId())).compose(user -> triggers.beforeLogin(user, request)
        .compose(allowed -> sessions.create(pool, user.getString("objectId"), "login", request.installationId()))
        // a login on an installation replaces the user's earlier session there
        .compose(token -> request.installationId() == null ? Future.succeededFuture(token)
            : sessions.forget(user.getString("objectId")).map(token))
        .map(token -> {
          triggers.afterLogin(user, request);
          return Reply.ok(user.put("sessionToken", token));
        }));
  }

  /**
   * Parse Server's loginAs: the master key starts a session of any user (createdWith {"action":"login",
   * "authProvider":"masterkey"}) and answers the user with its token, as a login does; no password, no
   * login triggers, no lockout. 119 without the master key, 142 without a userId, 101 for no such user.
   */
  private Future<Reply> logInAs(ParseRequest request) {
    if (!request.master()) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN, "master key is required");
    }
    Object userId = request.body().containsKey("userId") ? request.body().getValue("userId") : request.query().getValue("userId");
    if (!(userId instanceof String id) || id.isEmpty()) {
      throw new ParseException(ParseException.INVALID_VALUE, "userId must not be empty, null, or undefined");
    }
    return reads.asServer(pool, "_User", id)
        .recover(failure -> Future.failedFuture(failure instanceof ParseException e && e.code() == ParseException.OBJECT_NOT_FOUND
            ? new ParseException(ParseException.OBJECT_NOT_FOUND, "user not found") : failure))
        .compose(user -> sessions.create(pool, id, "login", "masterkey", request.installationId())
            .compose(token -> request.installationId() == null ? Future.succeededFuture(token) : sessions.forget(id).map(token))
            .map(token -> Reply.ok(user.put("sessionToken", token))));
  }

  private Future<Reply> verifyPassword(ParseRequest request) {
    return authenticate(request).compose(found -> reads.asServer(pool, "_User", found.objectId())).map(Reply::ok);
  }

  /** Ends the caller's session; without a session token there is nothing to end. */
  private Future<Reply> logOut(ParseRequest request) {
    Future<Void> revoked = request.sessionToken() == null ? Future.succeededFuture() : sessions.revoke(pool, request.sessionToken())
        .onSuccess(v -> {
          if (request.userId() != null) {
            triggers.afterLogout(request.userId(), request);
          }
        });
    return revoked.map(v -> Reply.ok(new JsonObject()));
  }

  private Future<Found> authenticate(ParseRequest request) {
    // the credentials come in the body, or in the query string of a GET
    JsonObject given = request.body().containsKey("username") || request.body().containsKey("email") ? request.body() : request.query();
    Object username = given.getValue("username");
    Object email = given.getValue("email");
    Object password = given.getValue("password");
    if (isBlank(username) && isBlank(email)) {
      throw new ParseException(ParseException.USERNAME_MISSING, "username/email is required.");
    }
    if (isBlank(password)) {
      throw new ParseException(ParseException.PASSWORD_MISSING, "password is required.");
    }
    if (!(password instanceof String secret) || (username != null && !(username instanceof String))
        || (email != null && !(email instanceof String))) {
      throw invalid();
    }
    String name = (String) username;
    String address = (String) email;
    return pool.preparedQuery(UserSql.LOGIN_CANDIDATES).execute(Tuple.of(name, address != null ? address : name))
        .compose(rows -> {
          Row user = pick(rows, name, address);
          String hash = user == null ? null : user.getString("_hashed_password");
          return hasher.check(secret, hash).compose(check -> {
            if (user != null && lockout.enabled() && Boolean.TRUE.equals(user.getBoolean("locked"))) {
              return Future.failedFuture(new ParseException(ParseException.OBJECT_NOT_FOUND,
                  "Your account is locked due to multiple failed login attempts. Please try again after "
                      + lockout.minutes() + " minute(s)"));
            }
            if (!check.matches() || (!request.master() && lockedOut(user))) {
              if (user == null || !lockout.enabled()) {
                return Future.failedFuture(invalid());
              }
              return pool.preparedQuery(UserSql.LOGIN_FAILED)
                  .execute(Tuple.of(user.getString("objectId"), lockout.threshold(), (double) lockout.minutes() * 60))
                  .transform(v -> Future.failedFuture(invalid()));
            }
            String id = user.getString("objectId");
            emails.checkLogin(user);
            Future<?> reset = lockout.enabled() ? pool.preparedQuery(UserSql.LOGIN_SUCCEEDED).execute(Tuple.of(id))
                : Future.succeededFuture();
            Future<?> stored = check.rehashed() == null ? Future.succeededFuture()
                : pool.preparedQuery(UserSql.REHASH).execute(Tuple.of(id, hash, check.rehashed()));
            return Future.all(reset, stored).map(v -> new Found(id));
          });
        });
  }

  /**
   * The user the login names, matched exactly as Parse Server matches: by username and email when
   * both are given, else by username or by an email equal to it, the username winning a tie.
   */
  private static Row pick(Iterable<Row> rows, String username, String email) {
    Row byEmail = null;
    for (Row row : rows) {
      boolean nameMatches = username != null && username.equals(row.getString("username"));
      boolean emailMatches = email != null ? email.equals(row.getString("email"))
          : username.equals(row.getString("email"));
      if (username != null && email != null) {
        if (nameMatches && emailMatches) {
          return row;
        }
      } else if (email == null && nameMatches) {
        return row;
      } else if (emailMatches) {
        byEmail = row;
      }
    }
    return byEmail;
  }

  /** An ACL granting nobody anything ({}) locks a user out, as in Parse Server. */
  private static boolean lockedOut(Row user) {
    String[] read = user.getArrayOfStrings("_rperm");
    String[] write = user.getArrayOfStrings("_wperm");
    return read != null && write != null && read.length == 0 && write.length == 0;
  }

  private static boolean isBlank(Object value) {
    return value == null || (value instanceof String text && text.isEmpty());
  }

  private static ParseException invalid() {
    return new ParseException(ParseException.OBJECT_NOT_FOUND, "Invalid username/password.");
  }
}
