package dev.parsec.users;

import dev.parsec.auth.AuthProviders;
import dev.parsec.cloud.Triggers;
import dev.parsec.config.ParsecConfig;
import dev.parsec.email.Mailer;
import dev.parsec.objects.ObjectStore;
import dev.parsec.reads.Reads;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/** The users and sessions feature of one API verticle: its routes, its session check and its password hashing pool. */
public final class UserRoutes {

  private final PasswordHasher hasher;
  private final SessionStore sessions;
  private final UsersApi users;
  private final LoginApi login;
  private final SessionsApi sessionsApi;
  private final Pool pool;
  private final Mailer mailer;
  private final AccountEmails emails;

  public UserRoutes(Vertx vertx, ParsecConfig config, Pool pool, SchemaStore schemas, ParseValues values, Triggers triggers,
                    Reads reads) {
    this.pool = pool;
    this.hasher = new PasswordHasher(vertx, config.passwordHashThreads());
    this.sessions = new SessionStore(vertx, config.sessionLength());
    ObjectStore store = new ObjectStore(pool, values);
    this.mailer = new Mailer(vertx, config.email());
    PasswordRules rules = new PasswordRules(config.passwordPolicy(), hasher);
    this.emails = new AccountEmails(pool, mailer, config.email(), rules, hasher, sessions, config.serverUrl(), config.appId());
    this.users = new UsersApi(schemas, store, reads, sessions, hasher, pool, config.serverUrl(),
        new LinkedAccounts(new AuthProviders(vertx, config.auth())), rules, emails, triggers);
    this.login = new LoginApi(reads, sessions, hasher, pool,
        new LoginApi.Lockout(config.accountLockoutThreshold(), config.accountLockoutMinutes()), emails, triggers);
    this.sessionsApi = new SessionsApi(reads, sessions, pool);
  }

  public void addTo(ApiRoutes routes) {
    users.addTo(routes);
    login.addTo(routes);
    sessionsApi.addTo(routes);
    emails.addTo(routes);
  }

  /** Starts answering other nodes' session revocations. */
  public Future<Void> listen() {
    return sessions.listen();
  }

  /** The pages the mailed links open (verify an email, choose a new password). */
  public void mountPages(Router router, String mount) {
    emails.mountPages(router, mount);
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
