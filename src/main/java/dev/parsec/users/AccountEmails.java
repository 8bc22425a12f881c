package dev.parsec.users;

import dev.parsec.config.EmailSettings;
import dev.parsec.email.Mailer;
import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Email verification and password reset as Parse Server offers them: the mailed links
 * ({server_url}/apps/{appId}/verify_email?token=... and .../request_password_reset?token=...), what the
 * pages they open do ({@link AccountPages}), and the REST calls that send them again
 * (/verificationEmailRequest, /requestPasswordReset). Tokens are single use and expire; a reset revokes the
 * user's sessions (revoke_session_on_password_reset).
 */
final class AccountEmails {

  private static final int EMAIL_MISSING = 204;
  private static final int EMAIL_NOT_FOUND = 205;

  private final Pool pool;
  private final Mailer mailer;
  private final EmailSettings settings;
  private final PasswordRules rules;
  private final PasswordHasher hasher;
  private final SessionStore sessions;
  private final String pagesUrl;

  AccountEmails(Pool pool, Mailer mailer, EmailSettings settings, PasswordRules rules, PasswordHasher hasher,
                SessionStore sessions, String serverUrl, String appId) {
    this.pool = pool;
    this.mailer = mailer;
    this.settings = settings;
    this.rules = rules;
    this.hasher = hasher;
    this.sessions = sessions;
    this.pagesUrl = serverUrl + "/apps/" + URLEncoder.encode(appId, StandardCharsets.UTF_8);
  }

  void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/verificationEmailRequest", this::resendVerification)
        .on(Method.POST, "/requestPasswordReset", this::requestReset);
  }

  /**
   * Inside a signup or an email change: when emails are verified, marks the email unverified with a
   * new token, and answers the mail to send once the write has committed (a no-op otherwise).
   */
  Future<Runnable> startVerification(SqlClient db, String userId, String email) {
    if (!settings.verifyUserEmails() || email == null) {
      return Future.succeededFuture(() -> { });
    }
    String token = SecretTokens.newToken();
    return db.preparedQuery(UserSql.SET_VERIFY_TOKEN)
        .execute(Tuple.of(userId, SecretTokens.digest(token), (double) settings.verifyTokenValidity().toSeconds()))
        .map(done -> () -> mailer.send(email, "Please verify your e-mail for " + mailer.appName(),
            "Hi,\n\nYou are being asked to confirm the e-mail address " + email + " with " + mailer.appName()
                + "\n\nClick here to confirm it:\n" + pagesUrl + "/verify_email?token=" + token + "\n"));
  }

  /** Whether users must verify their email before they log in (verify_user_emails and prevent_login_with_unverified_email). */
  boolean loginWaitsForVerification() {
    return settings.verifyUserEmails() && settings.preventLoginWithUnverifiedEmail();
  }

  static ParseException notVerified() {
    return new ParseException(EMAIL_NOT_FOUND, "User email is not verified.");
  }

  /** Whether a login must wait for a verified email (Parse's preventLoginWithUnverifiedEmail). */
  void checkLogin(Row user) {
    if (settings.verifyUserEmails() && settings.preventLoginWithUnverifiedEmail()
        && !Boolean.TRUE.equals(user.getBoolean("emailVerified"))) {
      throw new ParseException(EMAIL_NOT_FOUND, "User email is not verified.");
    }
  }

  /**
   * Sends the verification mail again to an unverified email; answers {} whether or not a user has the
   * email, or has verified it, so the call tells no one who has an account (Parse Server answers 205 for
   * an unknown email).
   */
  private Future<Reply> resendVerification(ParseRequest request) {
    String email = emailOf(request);
    return pool.preparedQuery(UserSql.USER_BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
      Row user = rows.size() == 0 ? null : rows.iterator().next();
      if (user == null || !settings.verifyUserEmails() || Boolean.TRUE.equals(user.getBoolean("emailVerified"))) {
        return Future.succeededFuture(() -> { });
      }
      return startVerification(pool, user.getString("objectId"), user.getString("email"));
    }).map(mail -> {
      mail.run();
      return Reply.ok(new JsonObject());
    });
  }

  /** Answers {} whether or not a user has the email, so the call tells no one who has an account. */
  private Future<Reply> requestReset(ParseRequest request) {
    String email = emailOf(request);
    return pool.preparedQuery(UserSql.USER_BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Row user = rows.iterator().next();
      String token = SecretTokens.newToken();
      return pool.preparedQuery(UserSql.SET_RESET_TOKEN)
          .execute(Tuple.of(user.getString("objectId"), SecretTokens.digest(token), (double) settings.resetTokenValidity().toSeconds()))
          .onSuccess(done -> mailer.send(user.getString("email"), "Password Reset for " + mailer.appName(),
              "Hi,\n\nYou requested to reset your password for " + mailer.appName()
                  + ".\n\nClick here to reset it:\n" + pagesUrl + "/request_password_reset?token=" + token + "\n"));
    }).map(done -> Reply.ok(new JsonObject()));
  }

  private String emailOf(ParseRequest request) {
    if (!mailer.configured()) {
      throw new ParseException(ParseException.INTERNAL_SERVER_ERROR,
          "An SMTP server (smtp_host) is required for password reset and email verification.");
    }
    Object email = request.body().getValue("email");
    if (email == null || "".equals(email)) {
      throw new ParseException(EMAIL_MISSING, "you must provide an email");
    }
    if (!(email instanceof String address)) {
      throw new ParseException(ParseException.INVALID_EMAIL_ADDRESS, "you must provide a valid email string");
    }
    return address;
  }

  /** A user a mailed link names. */
  record Holder(String objectId, String username) {
  }

  /** Verifies the email of the token's user, once; answers the user, or null for a link not (or no longer) valid. */
  Future<Holder> verify(String token) {
    return pool.preparedQuery(UserSql.VERIFY_EMAIL).execute(Tuple.of(SecretTokens.digest(token))).map(rows -> rows.rowCount() == 0 ? null
        : new Holder(rows.iterator().next().getString("objectId"), rows.iterator().next().getString("username")));
  }

  /** The username of a verification token's user, when the token is still stored (it may have expired); else null. */
  Future<String> verifyTokenHolder(String token) {
    return pool.preparedQuery(UserSql.VERIFY_TOKEN_HOLDER).execute(Tuple.of(SecretTokens.digest(token)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /**
   * Sends a new verification link to the user of the username when its email awaits verification; completes
   * the same way whether or not there is such a user, so the page that asks tells no one. Fails only when
   * no mail can be sent (no SMTP server).
   */
  Future<Void> resendByUsername(String username) {
    if (!mailer.configured()) {
      return Future.failedFuture(new ParseException(ParseException.INTERNAL_SERVER_ERROR, "No SMTP server (smtp_host) is configured."));
    }
    return pool.preparedQuery(UserSql.USER_BY_USERNAME).execute(Tuple.of(username)).compose(rows -> {
      Row user = rows.size() == 0 ? null : rows.iterator().next();
      if (user == null || !settings.verifyUserEmails() || user.getString("email") == null
          || Boolean.TRUE.equals(user.getBoolean("emailVerified"))) {
        return Future.succeededFuture(() -> { });
      }
      return startVerification(pool, user.getString("objectId"), user.getString("email"));
    }).map(mail -> {
      mail.run();
      return null;
    });
  }

  /** The user a password reset token is for, while it is valid; else null. */
  Future<Holder> resetTarget(String token) {
    return pool.preparedQuery(UserSql.RESET_TARGET).execute(Tuple.of(SecretTokens.digest(token))).map(rows -> rows.size() == 0 ? null
        : new Holder(rows.iterator().next().getString("objectId"), rows.iterator().next().getString("username")));
  }

  /**
   * Sets a new password with a reset token, once, within the password policy, and ends every session of the
   * user; answers the user. Fails with 101 for a token not (or no longer) valid, 201 for no password, and
   * the policy's refusal.
   */
  Future<Holder> resetPassword(String token, String password) {
    String digest = SecretTokens.digest(token == null ? "" : token);
    return resetTarget(token == null ? "" : token).compose(found -> {
      if (found == null) {
        return Future.failedFuture(new ParseException(ParseException.OBJECT_NOT_FOUND, "This password reset link is invalid or has expired."));
      }
      if (password == null || password.isEmpty()) {
        return Future.failedFuture(new ParseException(ParseException.PASSWORD_MISSING, "Please enter a new password."));
      }
      String userId = found.objectId();
      return rules.approve(pool, userId, password, null).compose(history -> hasher.hash(password).compose(hash ->
          pool.withTransaction(tx -> tx.preparedQuery(UserSql.SPEND_RESET_TOKEN).execute(Tuple.of(userId, digest)).compose(spent -> {
            if (spent.rowCount() == 0) {
              return Future.failedFuture(new ParseException(ParseException.OBJECT_NOT_FOUND, "This password reset link was used already."));
            }
            return tx.preparedQuery(UserSql.SET_PASSWORD).execute(Tuple.of(userId, hash, history))
                .compose(v -> sessions.revokeForNewPassword(tx, userId));
          })).compose(v -> sessions.forgetAfterNewPassword(userId)))).map(found);
    });
  }
}
