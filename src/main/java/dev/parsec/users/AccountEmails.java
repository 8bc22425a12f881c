package dev.parsec.users;

import dev.parsec.config.EmailSettings;
import dev.parsec.email.Mailer;
import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Email verification and password reset as Parse Server offers them: the mailed links
 * ({server_url}/apps/{appId}/verify_email?token=... and .../request_password_reset?token=...), the pages
 * they open, and the REST calls that send them again (/verificationEmailRequest, /requestPasswordReset).
 * Tokens are single use and expire; a reset revokes the user's sessions (revoke_session_on_password_reset).
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
   * The pages the mailed links open; they are HTML for a browser, not JSON for an SDK. A verified email
   * is a change of the user's record: the object cache drops it (writes).
   */
  void mountPages(Router router, String mount, Writes writes) {
    router.get(mount + "/apps/:appId/verify_email").handler(ctx -> verifyPage(ctx, writes));
    router.get(mount + "/apps/:appId/request_password_reset").handler(this::resetForm);
    router.post(mount + "/apps/:appId/request_password_reset").handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
        .handler(this::resetSubmit);
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

  private void verifyPage(RoutingContext ctx, Writes writes) {
    String token = ctx.request().getParam("token", "");
    pool.preparedQuery(UserSql.VERIFY_EMAIL).execute(Tuple.of(SecretTokens.digest(token)))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : writes.evict("_User", rows.iterator().next().getString(0)).map(true))
        .onComplete(verified -> {
          if (verified.succeeded() && verified.result()) {
            page(ctx, 200, "Email verified", "<p>Your email address has been verified. Thank you.</p>");
          } else {
            page(ctx, 400, "Invalid link", "<p>This verification link is invalid or has expired.</p>");
          }
        });
  }

  private void resetForm(RoutingContext ctx) {
    String token = ctx.request().getParam("token", "");
    pool.preparedQuery(UserSql.RESET_TARGET).execute(Tuple.of(SecretTokens.digest(token))).onComplete(found -> {
      if (found.succeeded() && found.result().size() == 1) {
        page(ctx, 200, "Choose a new password", form(token, ""));
      } else {
        page(ctx, 400, "Invalid link", "<p>This password reset link is invalid or has expired.</p>");
      }
    });
  }

  private void resetSubmit(RoutingContext ctx) {
    String token = ctx.request().getFormAttribute("token");
    String password = ctx.request().getFormAttribute("new_password");
    String digest = SecretTokens.digest(token == null ? "" : token);
    pool.preparedQuery(UserSql.RESET_TARGET).execute(Tuple.of(digest)).compose(found -> {
      if (found.size() == 0) {
        return Future.failedFuture(new ParseException(ParseException.OBJECT_NOT_FOUND, "This password reset link is invalid or has expired."));
      }
      if (password == null || password.isEmpty()) {
        return Future.failedFuture(new ParseException(ParseException.PASSWORD_MISSING, "Please enter a new password."));
      }
      String userId = found.iterator().next().getString("objectId");
      return rules.approve(pool, userId, password, null).compose(history -> hasher.hash(password).compose(hash ->
          pool.withTransaction(tx -> tx.preparedQuery(UserSql.SPEND_RESET_TOKEN).execute(Tuple.of(userId, digest)).compose(spent -> {
            if (spent.rowCount() == 0) {
              return Future.failedFuture(new ParseException(ParseException.OBJECT_NOT_FOUND, "This password reset link was used already."));
            }
            return tx.preparedQuery(UserSql.SET_PASSWORD).execute(Tuple.of(userId, hash, history))
                .compose(v -> sessions.revokeForNewPassword(tx, userId));
          })).compose(v -> sessions.forgetAfterNewPassword(userId))));
    }).onComplete(done -> {
      if (done.succeeded()) {
        page(ctx, 200, "Password changed", "<p>Your password has been changed. You can sign in with it now.</p>");
      } else if (done.cause() instanceof ParseException e && e.code() == PasswordRules.VALIDATION_ERROR) {
        page(ctx, 400, "Choose a new password", form(token, e.getMessage()));
      } else if (done.cause() instanceof ParseException e) {
        page(ctx, 400, "Password not changed", "<p>" + escape(e.getMessage()) + "</p>");
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  private static String form(String token, String error) {
    return (error.isEmpty() ? "" : "<p>" + escape(error) + "</p>")
        + "<form method=\"POST\"><input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
        + "<label>New password <input type=\"password\" name=\"new_password\" autocomplete=\"new-password\"></label>"
        + "<button type=\"submit\">Change password</button></form>";
  }

  private void page(RoutingContext ctx, int status, String title, String body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .end("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(mailer.appName()) + ": " + title
            + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
