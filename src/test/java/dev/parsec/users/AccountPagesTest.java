package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LocalSmtpServer;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The account pages at Parse Server's paths: with an app's own pages configured (page_*, Parse Server's
 * customPages) the browser is redirected there with Parse Server's parameters; without, Parsec's pages
 * answer. Neither tells anyone whether an account exists.
 */
@DisplayName("Account pages: choose_password, request_password_reset, resend_verification_email, verify_email, with and without an app's pages")
class AccountPagesTest {

  private static final String PAGES = "https://app.example.com/pages/";

  private static LocalSmtpServer smtp;
  private static Node custom;
  private static Node plain;
  private static dev.parsec.config.DatabaseUrl plainDatabase;

  @BeforeAll
  static void start() {
    smtp = new LocalSmtpServer();
    Map<String, String> mail = Map.of("smtp_host", "127.0.0.1", "smtp_port", String.valueOf(smtp.port()), "smtp_security", "none",
        "email_from", "app@example.com", "verify_user_emails", "true", "password_min_length", "8", "app_name", "Demo App");
    Map<String, String> withPages = TestNodes.settings(TestDatabases.fresh());
    withPages.putAll(mail);
    for (String page : new String[] {"choose_password", "password_reset_success", "invalid_link", "verify_email_success",
        "invalid_verification_link", "link_send_success", "link_send_fail"}) {
      withPages.put("page_" + page, PAGES + page + ".html");
    }
    custom = TestNodes.startReady(withPages);
    plainDatabase = TestDatabases.fresh();
    Map<String, String> own = TestNodes.settings(plainDatabase);
    own.putAll(mail);
    plain = TestNodes.startReady(own);
  }

  @AfterAll
  static void stop() {
    custom.stop();
    plain.stop();
    smtp.close();
  }

  private static Api api(Node node) {
    return Api.at(node.config().port());
  }

  private static String signUp(Node node, String name) {
    Api.Response created = api(node).post("/parse/users", new JsonObject().put("username", name).put("password", "first password")
        .put("email", name + "@example.com"));
    assertEquals(201, created.status(), created.text());
    return created.json().getString("sessionToken");
  }

  /** The link's path and query, to follow it on the test node (server_url names the default port). */
  private static String pathOf(String link) {
    URI uri = URI.create(link);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private static Api.Response form(Node node, String path, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return api(node).postRaw(path, body.toString(), "application/x-www-form-urlencoded");
  }

  /** A redirect's target page and its query parameters. */
  private record Redirect(String page, Map<String, String> params) {
  }

  private static Redirect redirect(Api.Response response) {
    assertEquals(302, response.status(), response.toString());
    String location = response.header("Location");
    int q = location.indexOf('?');
    Map<String, String> params = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : location.substring(q + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    return new Redirect(q < 0 ? location : location.substring(0, q), params);
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("an app's pages: verify_email, its invalid link, resend; reset link, choose_password with the error, success; all with Parse Server's parameters")
  void appPages() throws Exception {
    String name = unique("cp");
    signUp(custom, name);
    String verifyLink = smtp.awaitMailTo(name + "@example.com").link();
    Redirect verified = redirect(api(custom).get(pathOf(verifyLink)));
    assertEquals(PAGES + "verify_email_success.html", verified.page());
    assertEquals(Map.of("username", name), verified.params());
    Redirect used = redirect(api(custom).get(pathOf(verifyLink)));
    assertEquals(PAGES + "invalid_link.html", used.page(), "a used link names no one");
    Redirect named = redirect(api(custom).get("/parse/apps/" + TestNodes.APP_ID + "/verify_email?token=wrong&username=" + name));
    assertEquals(PAGES + "invalid_verification_link.html", named.page());
    assertEquals(Map.of("username", name, "appId", TestNodes.APP_ID), named.params());
    assertEquals(PAGES + "invalid_link.html", redirect(api(custom).get("/parse/apps/" + TestNodes.APP_ID + "/verify_email")).page());

    String resend = "/parse/apps/" + TestNodes.APP_ID + "/resend_verification_email";
    assertEquals(PAGES + "link_send_success.html", redirect(form(custom, resend, Map.of("username", name))).page());
    assertEquals(PAGES + "link_send_success.html", redirect(form(custom, resend, Map.of("username", "nobody-" + name))).page(),
        "the same answer for a username no one has");
    assertEquals(PAGES + "invalid_link.html", redirect(form(custom, resend, Map.of())).page());

    smtp.clear();
    assertEquals(200, api(custom).post("/parse/requestPasswordReset", new JsonObject().put("email", name + "@example.com")).status());
    String resetLink = smtp.awaitMailTo(name + "@example.com").link();
    String token = URLDecoder.decode(resetLink.substring(resetLink.indexOf("token=") + 6), StandardCharsets.UTF_8);
    Redirect choose = redirect(api(custom).get(pathOf(resetLink)));
    assertEquals(PAGES + "choose_password.html", choose.page());
    assertEquals(Map.of("token", token, "id", TestNodes.APP_ID, "username", name, "app", "Demo App"), choose.params());

    String submit = "/parse/apps/" + TestNodes.APP_ID + "/request_password_reset";
    Redirect tooShort = redirect(form(custom, submit, Map.of("token", token, "username", name, "new_password", "short")));
    assertEquals(PAGES + "choose_password.html", tooShort.page());
    assertTrue(tooShort.params().get("error").contains("Password"), tooShort.params().toString());
    assertEquals(token, tooShort.params().get("token"));
    Redirect done = redirect(form(custom, submit, Map.of("token", token, "username", name, "new_password", "second password")));
    assertEquals(PAGES + "password_reset_success.html", done.page());
    assertEquals(Map.of("username", name), done.params());
    assertEquals(200, api(custom).post("/parse/login", new JsonObject().put("username", name).put("password", "second password")).status());
    assertEquals(PAGES + "invalid_link.html", redirect(form(custom, submit, Map.of("token", token, "new_password", "third password"))).page(),
        "a link resets once");
    assertEquals(PAGES + "invalid_link.html", redirect(api(custom).get(pathOf(resetLink))).page());
  }

  @Test
  @DisplayName("Parsec's own pages: choose_password, an expired verification link offers a new one, resend says the same for anyone")
  void ownPages() throws Exception {
    String name = unique("op");
    signUp(plain, name);
    String verifyLink = smtp.awaitMailTo(name + "@example.com").link();
    String verifyToken = URLDecoder.decode(verifyLink.substring(verifyLink.indexOf("token=") + 6), StandardCharsets.UTF_8);
    TestDatabases.execute(plainDatabase,
        "UPDATE \"_User\" SET \"_email_verify_token_expires_at\" = now() - interval '1 minute' WHERE \"username\" = '" + name + "'");
    Api.Response expired = api(plain).get(pathOf(verifyLink));
    assertEquals(400, expired.status(), expired.text());
    assertTrue(expired.text().contains("resend_verification_email") && expired.text().contains("value=\"" + name + "\""), expired.text());

    smtp.clear();
    String resend = "/parse/apps/" + TestNodes.APP_ID + "/resend_verification_email";
    Api.Response sent = form(plain, resend, Map.of("username", name));
    Api.Response nobody = form(plain, resend, Map.of("username", "nobody-" + name));
    assertEquals(200, sent.status(), sent.text());
    assertEquals(sent.status() + sent.text(), nobody.status() + nobody.text(), "the page tells no one who has an account");
    String fresh = smtp.awaitMailTo(name + "@example.com").link();
    assertFalse(fresh.contains(verifyToken), "a new token");
    assertEquals(200, api(plain).get(pathOf(fresh)).status());
    smtp.clear();
    assertEquals(sent.status() + sent.text(), form(plain, resend, Map.of("username", name)).status() + form(plain, resend,
        Map.of("username", name)).text(), "a verified account gets the same answer");
    Thread.sleep(300);
    assertTrue(smtp.mails().isEmpty(), "and no mail");

    assertEquals(200, api(plain).post("/parse/requestPasswordReset", new JsonObject().put("email", name + "@example.com")).status());
    String resetLink = smtp.awaitMailTo(name + "@example.com").link();
    String token = URLDecoder.decode(resetLink.substring(resetLink.indexOf("token=") + 6), StandardCharsets.UTF_8);
    Api.Response choose = api(plain).get("/parse/apps/choose_password?id=" + TestNodes.APP_ID + "&token="
        + URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertEquals(200, choose.status(), choose.text());
    assertTrue(choose.text().contains("name=\"new_password\"") && choose.text().contains("/apps/" + TestNodes.APP_ID + "/request_password_reset"),
        choose.text());
    assertEquals(403, api(plain).get("/parse/apps/choose_password?id=another&token=x").status());
    assertEquals(400, api(plain).get("/parse/apps/choose_password?id=" + TestNodes.APP_ID + "&token=wrong").status());

    // a page that submits by script (XMLHttpRequest) gets JSON
    String submit = "/parse/apps/" + TestNodes.APP_ID + "/request_password_reset";
    Api xhr = api(plain).header("X-Requested-With", "XMLHttpRequest");
    Api.Response refused = xhr.postRaw(submit, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&new_password=short",
        "application/x-www-form-urlencoded");
    assertEquals(400, refused.status(), refused.text());
    assertEquals(-1, refused.json().getInteger("code"));
    Api.Response reset = xhr.postRaw(submit, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&new_password=second+password",
        "application/x-www-form-urlencoded");
    assertEquals(200, reset.status(), reset.text());
    assertEquals("\"Password successfully reset\"", reset.text());

    assertEquals(403, api(plain).get("/parse/apps/another-app/verify_email?token=x").status(), "another app's pages are not here");
    assertEquals(403, form(plain, "/parse/apps/another-app/resend_verification_email", Map.of("username", name)).status());
  }

}
