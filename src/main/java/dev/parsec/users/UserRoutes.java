package dev.parsec.users;

import dev.parsec.auth.AuthProviders;
import dev.parsec.cloud.Triggers;
import dev.parsec.config.ParsecConfig;
import dev.parsec.email.Mailer;
import dev.parsec.reads.Reads;
import dev.parsec.web.ApiRoutes;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/**
 * The users and sessions feature of one API verticle: its routes, its part in the write path (_User and
 * _Session), its session check and its password hashing pool.
 */
public final class UserRoutes {

  private final ParsecConfig config;
  private final PasswordHasher hasher;
  private final SessionStore sessions;
  private final Pool pool;
  private final Mailer mailer;
  private final AccountEmails emails;
  private final AccountPages pages;
  private final PasswordRules rules;
  private final LinkedAccounts linked;
  private final Triggers triggers;

  public UserRoutes(Vertx vertx, ParsecConfig config, Pool pool, Triggers triggers) {
    this.config = config;
    this.pool = pool;
    this.triggers = triggers;
    this.hasher = new PasswordHasher(vertx, config.passwordHashing());
    this.sessions = new SessionStore(vertx, config.sessionLength(), config.sessions(), pool);
    this.mailer = new Mailer(vertx, config.email());
    this.rules = new PasswordRules(config.passwordPolicy(), hasher);
    this.emails = new AccountEmails(pool, mailer, config.email(), rules, hasher, sessions, config.serverUrl(), config.appId());
    this.pages = new AccountPages(emails, config.pages(), config.appId(), config.email().appName(), config.serverUrl());
    this.linked = new LinkedAccounts(new AuthProviders(vertx, config.auth()));
  }

  /** _User's and _Session's parts in the write path. */
  public Map<String, ClassWriter> writers() {
    return Map.of("_User", new UserWriter(pool, sessions, hasher, rules, linked, emails, config.api().preventSignupWithUnverifiedEmail()), "_Session", new SessionWriter(sessions));
  }

  public void addTo(ApiRoutes routes, Reads reads, Writes writes) {
    new UsersApi(reads, writes, sessions, pool, config.serverUrl(), linked, triggers).addTo(routes);
    new LoginApi(reads, sessions, hasher, pool,
        new LoginApi.Lockout(config.accountLockoutThreshold(), config.accountLockoutMinutes()), emails, triggers).addTo(routes);
    new SessionsApi(reads, writes, sessions, pool, config.serverUrl()).addTo(routes);
    emails.addTo(routes);
  }

  /** Starts answering other nodes' session revocations. */
  public Future<Void> listen() {
    return sessions.listen();
  }

  /** The pages the mailed links open (verify an email, choose a new password, ask for a new link). */
  public void mountPages(Vertx vertx, Router router, String mount, Writes writes) {
    pages.mount(vertx, router, mount, writes);
  }

  /** The handler that resolves each request's session token; it runs before every API route. */
  public SessionCheck sessionCheck() {
    return new SessionCheck(pool, sessions);
  }

  /** Whether the user signed in anonymously (its authData links the anonymous provider). */
  public Future<Boolean> anonymous(String userId) {
    return pool.preparedQuery(UserSql.ANONYMOUS).execute(io.vertx.sqlclient.Tuple.of(userId))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
  }

  public Future<Void> close() {
    return Future.all(hasher.close(), mailer.close()).mapEmpty();
  }
}
