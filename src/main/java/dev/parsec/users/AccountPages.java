package dev.parsec.users;

import dev.parsec.config.PageSettings;
import dev.parsec.error.ParseException;
import dev.parsec.web.PrefixRouter;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The account pages a browser opens, at Parse Server's paths (its PublicAPIRouter) under the mount path:
 * <ul>
 * <li>GET apps/:appId/verify_email?token=... (the mailed link) verifies the email;</li>
 * <li>POST apps/:appId/resend_verification_email (form: username) sends a new link;</li>
 * <li>GET apps/:appId/request_password_reset?token=... (the mailed link) opens the form to choose a password,
 *     which POSTs token and new_password to the same path; GET apps/choose_password?id=appId&token=... is
 *     that form too.</li>
 * </ul>
 * Where an app configured a page (page_* keys, Parse Server's customPages) the browser is redirected there
 * with Parse Server's query parameters; otherwise Parsec answers its own small page. A wrong app id is
 * 403. The answers tell no one whether an account exists: a new verification link "was sent" for any
 * username; only a link's holder learns its username.
 */
final class AccountPages {

  private static final String FORM = "application/x-www-form-urlencoded";

  private final AccountEmails emails;
  private final PageSettings pages;
  private final String appId;
  private final String appName;
  private final String pagesUrl;

  AccountPages(AccountEmails emails, PageSettings pages, String appId, String appName, String serverUrl) {
    this.emails = emails;
    this.pages = pages;
    this.appId = appId;
    this.appName = appName;
    this.pagesUrl = serverUrl + "/apps/" + URLEncoder.encode(appId, StandardCharsets.UTF_8);
  }

  /** A verified email is a change of the user's record: the object cache drops it (writes). */
  void mount(Vertx vertx, Router router, String mount, Writes writes) {
    BodyHandler form = BodyHandler.create(false).setBodyLimit(16 * 1024);
    PrefixRouter apps = new PrefixRouter(vertx, router, mount + "/apps");
    apps.route(HttpMethod.GET, "/choose_password").handler(this::choosePassword);
    apps.route(HttpMethod.GET, "/:appId/verify_email").handler(ctx -> ofApp(ctx, () -> verifyEmail(ctx, writes)));
    apps.route(HttpMethod.POST, "/:appId/resend_verification_email").handler(form)
        .handler(ctx -> ofApp(ctx, () -> resendVerification(ctx)));
    apps.route(HttpMethod.GET, "/:appId/request_password_reset").handler(ctx -> ofApp(ctx, () -> resetLink(ctx)));
    apps.route(HttpMethod.POST, "/:appId/request_password_reset").handler(form).handler(ctx -> ofApp(ctx, () -> resetSubmit(ctx)));
  }

  private void ofApp(RoutingContext ctx, Runnable page) {
    if (!appId.equals(ctx.pathParam("appId"))) {
      unauthorized(ctx);
      return;
    }
    page.run();
  }

  private void verifyEmail(RoutingContext ctx, Writes writes) {
    String token = ctx.request().getParam("token", "");
    if (token.isEmpty()) {
      invalidLink(ctx);
      return;
    }
    emails.verify(token).compose(user -> user == null ? Future.succeededFuture((AccountEmails.Holder) null)
            : writes.evict("_User", user.objectId()).map(user))
        .onComplete(verified -> {
          if (verified.failed()) {
            ctx.fail(verified.cause());
          } else if (verified.result() != null) {
            String username = verified.result().username();
            send(ctx, pages.verifyEmailSuccess(), params("username", username),
                200, "Email verified", "<p>Your email address has been verified. Thank you.</p>");
          } else {
            emails.verifyTokenHolder(token).onComplete(holder -> {
              String username = holder.succeeded() && holder.result() != null ? holder.result() : ctx.request().getParam("username");
              invalidVerificationLink(ctx, username);
            });
          }
        });
  }

  /** Parse Server's invalid verification link page, for a known username (a form to get a new link); else the invalid link page. */
  private void invalidVerificationLink(RoutingContext ctx, String username) {
    if (username == null || username.isEmpty()) {
      invalidLink(ctx);
      return;
    }
    send(ctx, pages.invalidVerificationLink(), params("username", username, "appId", appId), 400, "Invalid link",
        "<p>This verification link is invalid or has expired.</p>"
            + "<form method=\"POST\" action=\"" + escape(pagesUrl) + "/resend_verification_email\">"
            + "<input type=\"hidden\" name=\"username\" value=\"" + escape(username) + "\">"
            + "<button type=\"submit\">Send me a new link</button></form>");
  }

  private void resendVerification(RoutingContext ctx) {
    String username = ctx.request().getFormAttribute("username");
    if (username == null || username.isEmpty()) {
      invalidLink(ctx);
      return;
    }
    emails.resendByUsername(username).onComplete(sent -> {
      if (sent.succeeded()) {
        send(ctx, pages.linkSendSuccess(), Map.of(), 200, "Link sent",
            "<p>If this account has an email address waiting to be verified, a new link is on its way to it.</p>");
      } else {
        send(ctx, pages.linkSendFail(), Map.of(), 503, "Link not sent",
            "<p>A new link could not be sent. Please try again later.</p>");
      }
    });
  }

  /** The mailed reset link: the form to choose a password (the app's page, or Parsec's), or the invalid link page. */
  private void resetLink(RoutingContext ctx) {
    String token = ctx.request().getParam("token", "");
    if (token.isEmpty()) {
      invalidLink(ctx);
      return;
    }
    emails.resetTarget(token).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
      } else if (found.result() == null) {
        invalidLink(ctx);
      } else {
        chooseAgain(ctx, token, found.result().username(), null);
      }
    });
  }

  /** GET apps/choose_password?id=appId&token=...: Parsec's form to choose a password (Parse Server's own page). */
  private void choosePassword(RoutingContext ctx) {
    if (!appId.equals(ctx.request().getParam("id"))) {
      unauthorized(ctx);
      return;
    }
    String token = ctx.request().getParam("token", "");
    String error = ctx.request().getParam("error");
    emails.resetTarget(token).onComplete(found -> {
      if (found.succeeded() && found.result() != null) {
        page(ctx, error == null ? 200 : 400, "Choose a new password", form(token, found.result().username(), error == null ? "" : error));
      } else {
        invalidLink(ctx);
      }
    });
  }

  /**
   * The form's submission (token, new_password; username is accepted and not needed: the token names the
   * user). An XMLHttpRequest (a page that submits by script, as Parse Server's does) gets JSON instead of
   * a page: "Password successfully reset", or {"code":-1,"error":...} with 400.
   */
  private void resetSubmit(RoutingContext ctx) {
    String token = ctx.request().getFormAttribute("token");
    String password = ctx.request().getFormAttribute("new_password");
    boolean xhr = "XMLHttpRequest".equalsIgnoreCase(ctx.request().getHeader("X-Requested-With"));
    if ((token == null || token.isEmpty()) && !xhr) {
      invalidLink(ctx);
      return;
    }
    emails.resetPassword(token, password).onComplete(done -> {
      if (xhr) {
        if (done.succeeded()) {
          json(ctx, 200, "\"Password successfully reset\"");
        } else if (done.cause() instanceof ParseException e) {
          json(ctx, 400, new JsonObject().put("code", -1).put("error", e.getMessage()).encode());
        } else {
          ctx.fail(done.cause());
        }
      } else if (done.succeeded()) {
        send(ctx, pages.passwordResetSuccess(), params("username", done.result().username()), 200, "Password changed",
            "<p>Your password has been changed. You can sign in with it now.</p>");
      } else if (done.cause() instanceof ParseException e && e.code() == ParseException.OBJECT_NOT_FOUND) {
        invalidLink(ctx);
      } else if (done.cause() instanceof ParseException e) {
        // the policy refused the password, or none was given: the form again, with why
        emails.resetTarget(token).onComplete(found -> chooseAgain(ctx, token,
            found.succeeded() && found.result() != null ? found.result().username() : null, e.getMessage()));
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  /** The form to choose a password: the app's page with Parse Server's parameters, or Parsec's own. */
  private void chooseAgain(RoutingContext ctx, String token, String username, String error) {
    if (pages.choosePassword().isPresent()) {
      redirect(ctx, pages.choosePassword().get(), params("token", token, "id", appId, "username", username, "error", error, "app", appName));
    } else {
      page(ctx, error == null ? 200 : 400, "Choose a new password", form(token, username, error == null ? "" : error));
    }
  }

  private void invalidLink(RoutingContext ctx) {
    send(ctx, pages.invalidLink(), Map.of(), 400, "Invalid link", "<p>This link is invalid or has expired.</p>");
  }

  /** The app's page when it configured one (a redirect with the parameters), else Parsec's own page. */
  private void send(RoutingContext ctx, Optional<String> custom, Map<String, String> params, int status, String title, String body) {
    if (custom.isPresent()) {
      redirect(ctx, custom.get(), params);
    } else {
      page(ctx, status, title, body);
    }
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        params.put(pairs[i], pairs[i + 1]);
      }
    }
    return params;
  }

  private static void redirect(RoutingContext ctx, String url, Map<String, String> params) {
    StringBuilder location = new StringBuilder(url);
    char separator = '?';
    for (Map.Entry<String, String> param : params.entrySet()) {
      location.append(separator).append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, location.toString())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("Referrer-Policy", "no-referrer").end();
  }

  private String form(String token, String username, String error) {
    return (error.isEmpty() ? "" : "<p>" + escape(error) + "</p>")
        + "<form method=\"POST\" action=\"" + escape(pagesUrl) + "/request_password_reset\">"
        + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
        + (username == null ? "" : "<input type=\"hidden\" name=\"username\" value=\"" + escape(username) + "\">")
        + "<label>New password <input type=\"password\" name=\"new_password\" autocomplete=\"new-password\"></label>"
        + "<button type=\"submit\">Change password</button></form>";
  }

  private void page(RoutingContext ctx, int status, String title, String body) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .end("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(appName) + ": " + title
            + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>");
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
  }

  private static void unauthorized(RoutingContext ctx) {
    json(ctx, 403, "{\"error\":\"unauthorized\"}");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
