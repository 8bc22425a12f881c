package dev.parsec.users;

import dev.parsec.access.Acl;
import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.Removal;
import dev.parsec.writes.Save;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * _User's part in writes, as Parse Server's rules have it: the password is checked against the policy and
 * hashed (off the event loop), never stored as a field nor shown to triggers; authData is checked with its
 * provider and linked; usernames and emails are unique, compared case-insensitively; a new user owns itself
 * (its ACL) and gets a session; a client changes and deletes only itself; a new password revokes every
 * session of the user (the user who changed it gets a new one), and a new email starts its verification.
 */
final class UserWriter implements ClassWriter {

  private final Pool pool;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final PasswordRules rules;
  private final LinkedAccounts linked;
  private final AccountEmails emails;
  /** prevent_signup_with_unverified_email: a signup that must verify its email first answers 205, not the user. */
  private final boolean preventSignup;

  UserWriter(Pool pool, SessionStore sessions, PasswordHasher hasher, PasswordRules rules, LinkedAccounts linked,
             AccountEmails emails, boolean preventSignup) {
    this.preventSignup = preventSignup;
    this.pool = pool;
    this.sessions = sessions;
    this.hasher = hasher;
    this.rules = rules;
    this.linked = linked;
    this.emails = emails;
  }

  /**
   * A client changes and deletes only itself: another user's record is 206 to change and 101 to delete (206
   * without a session), as Parse Server answers.
   */
  @Override
  public void check(ParseRequest request, String objectId, boolean delete) {
    if (request.master() || objectId == null || objectId.equals(request.userId())) {
      return;
    }
    if (!delete) {
      throw new ParseException(ParseException.SESSION_MISSING, "Cannot modify user " + objectId + ".");
    }
    if (request.userId() == null) {
      throw new ParseException(ParseException.SESSION_MISSING, "Insufficient auth to delete user");
    }
    throw ParseException.objectNotFound();
  }

  @Override
  public Set<String> hiddenFromTriggers() {
    return Set.of("password", "sessionToken");
  }

  @Override
  public Future<Save> save(ParseRequest request, String objectId, JsonObject body) {
    return objectId == null ? signUp(request, body) : update(request, objectId, body);
  }

  private Future<Save> signUp(ParseRequest request, JsonObject body) {
    UserWrite user = UserWrite.parse(body, true, request.master());
    if (user.password() != null) {
      rules.check(user.password(), user.username());
    }
    String provider = user.authData() != null && LinkedAccounts.links(user.authData())
        ? LinkedAccounts.provider(user.authData()) : "password";
    Future<Void> linkable = user.authData() == null ? Future.succeededFuture() : linkable(user.authData(), null);
    AtomicReference<Runnable> mail = new AtomicReference<>(() -> { });
    // as Parse Server: a password signup whose email must be verified before logging in gets no session
    boolean waits = provider.equals("password") && emails.loginWaitsForVerification();
    return linkable.compose(v -> notTaken(user, null))
        .compose(v -> user.password() == null ? Future.<String>succeededFuture() : hasher.hash(user.password()))
        .map(hash -> new Save(user.write(), null, (tx, id, created) -> {
          Acl acl = ownedBy(id, user.write().acl());
          return tx.preparedQuery(UserSql.SET_OWNER).execute(Tuple.of(id, hash, acl.read(), acl.write()))
              .compose(done -> user.authData() == null ? Future.<Void>succeededFuture() : linked.store(tx, id, user.authData()))
              .compose(done -> emails.startVerification(tx, id, user.email())).onSuccess(mail::set)
              .compose(done -> waits ? Future.succeededFuture(created)
                  : sessions.create(tx, id, "signup", provider, request.installationId()).map(token -> created.put("sessionToken", token)));
        }, created -> sent(mail).compose(v -> waits && preventSignup ? Future.failedFuture(AccountEmails.notVerified())
            : Future.<Void>succeededFuture()), false));
  }

  private Future<Save> update(ParseRequest request, String id, JsonObject body) {
    UserWrite user = UserWrite.parse(body, false, request.master());
    // a new password must pass the policy, and differ from the last ones, before it is hashed
    Future<JsonArray> history = user.password() == null ? Future.succeededFuture()
        : rules.approve(pool, id, user.password(), user.username());
    Future<Void> linkable = user.authData() == null ? Future.succeededFuture() : linkable(user.authData(), id);
    AtomicReference<Runnable> mail = new AtomicReference<>(() -> { });
    return linkable.compose(v -> notTaken(user, id))
        .compose(v -> history)
        .compose(v -> user.password() == null ? Future.<String>succeededFuture() : hasher.hash(user.password()))
        .map(hash -> new Save(user.write(), null, (tx, objectId, updated) ->
            (user.authData() == null ? Future.<Void>succeededFuture() : linked.store(tx, id, user.authData()))
                .compose(done -> user.email() == null ? Future.succeededFuture(updated)
                    : emails.startVerification(tx, id, user.email()).map(send -> {
                      mail.set(send);
                      return updated;
                    }))
                .compose(done -> hash == null ? Future.succeededFuture(updated)
                    : passwordChanged(tx, request, id, hash, history.result(), updated)),
            updated -> (user.password() == null ? Future.<Void>succeededFuture() : sessions.forgetAfterNewPassword(id)).compose(v -> sent(mail)),
            !request.master()));
  }

  /**
   * A new password revokes every session of the user (revoke_session_on_password_reset); a user who changed it
   * gets a new one, as with Parse Server.
   */
  private Future<JsonObject> passwordChanged(SqlClient tx, ParseRequest request, String id, String hash, JsonArray history,
                                            JsonObject updated) {
    Future<Void> revoked = tx.preparedQuery(UserSql.SET_PASSWORD).execute(Tuple.of(id, hash, history))
        .compose(v -> sessions.revokeForNewPassword(tx, id));
    if (request.master()) {
      return revoked.map(updated);
    }
    return revoked.compose(v -> sessions.create(tx, id, "upgrade", request.installationId()))
        .map(token -> updated.put("sessionToken", token));
  }

  /** A user's sessions end with it. */
  @Override
  public Future<Removal> delete(ParseRequest request, String id) {
    return Future.succeededFuture(new Removal(tx -> sessions.revokeAll(tx, id), () -> sessions.forget(id)));
  }

  /** The unique indexes catch what a check could not: two signups with one name at the same moment. */
  @Override
  public Throwable failure(Throwable failure) {
    if (failure instanceof PgException pg && UserSql.UNIQUE_VIOLATION.equals(pg.getSqlState()) && pg.getConstraint() != null) {
      if (pg.getConstraint().equals(UserSql.USERNAME_INDEX)) {
        return usernameTaken();
      }
      if (pg.getConstraint().equals(UserSql.EMAIL_INDEX)) {
        return emailTaken();
      }
      if (pg.getConstraint().startsWith(UserSql.AUTH_DATA_INDEX_PREFIX)) {
        return alreadyLinked();
      }
    }
    return failure;
  }

  /** Checks each provider's part with the provider; a provider id another user holds is 208. */
  private Future<Void> linkable(JsonObject authData, String self) {
    return linked.validate(authData).compose(v -> linked.holders(pool, authData))
        .compose(holders -> holders.stream().anyMatch(holder -> !holder.equals(self)) ? Future.failedFuture(alreadyLinked())
            : Future.<Void>succeededFuture());
  }

  /** Refuses a username or email another user holds, compared case-insensitively; username first, as Parse Server. */
  private Future<Void> notTaken(UserWrite user, String self) {
    if (user.username() == null && user.email() == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(UserSql.TAKEN).execute(Tuple.of(user.username(), user.email(), self)).map(rows -> {
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

  private static Future<Void> sent(AtomicReference<Runnable> mail) {
    mail.get().run();
    return Future.succeededFuture();
  }

  static ParseException usernameTaken() {
    return new ParseException(ParseException.USERNAME_TAKEN, "Account already exists for this username.");
  }

  static ParseException alreadyLinked() {
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
}
