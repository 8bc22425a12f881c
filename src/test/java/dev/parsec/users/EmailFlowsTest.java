package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LocalSmtpServer;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Email verification, password reset and the password policy, with mail going to a local SMTP server. */
@DisplayName("Email verification, password reset and password policy, through a real SMTP conversation")
class EmailFlowsTest {

  private static LocalSmtpServer smtp;
  private static Node node;
  private static Api client;

  @BeforeAll
  static void start() {
    smtp = new LocalSmtpServer();
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("smtp_host", "127.0.0.1", "smtp_port", String.valueOf(smtp.port()), "smtp_security", "none",
        "email_from", "app@example.com", "verify_user_emails", "true", "prevent_login_with_unverified_email", "true",
        "password_min_length", "8", "password_no_username", "true", "password_history", "2"));
    node = TestNodes.start(settings);
    client = Api.at(node.config().port());
    client.awaitReady();
  }

  @AfterAll
  static void stop() {
    node.stop();
    smtp.close();
  }

  @Test
  @DisplayName("signup mails a link; until it is followed login answers 205; the link verifies once")
  void verification() throws Exception {
    String name = unique("ver");
    String email = name + "@example.com";
    Api.Response signup = client.post("/parse/users", new JsonObject().put("username", name).put("password", "long enough pw").put("email", email));
    assertEquals(201, signup.status(), signup.text());
    // as in Parse Server, a signup that must verify its email before logging in gets no session
    assertEquals(null, signup.json().getString("sessionToken"), signup.text());
    Api self = client.asMaster();
    String me = "/parse/users/" + signup.json().getString("objectId");
    assertEquals(false, self.get(me).json().getBoolean("emailVerified"));
    assertEquals(205, login(name, "long enough pw").json().getInteger("code"));

    LocalSmtpServer.Mail mail = smtp.awaitMailTo(email);
    assertTrue(mail.message().contains("Subject: Please verify your e-mail"), mail.message());
    String link = mail.link();
    assertTrue(link.contains("/apps/" + TestNodes.APP_ID + "/verify_email?token="), link);
    Api.Response page = client.get(pathOf(link));
    assertEquals(200, page.status(), page.text());
    assertEquals(true, self.get(me).json().getBoolean("emailVerified"));
    assertEquals(200, login(name, "long enough pw").status());
    assertEquals(400, client.get(pathOf(link)).status(), "a link verifies once");

    // the answer tells no one whether an email has an account, or whether it was verified
    Api.Response verified = client.post("/parse/verificationEmailRequest", new JsonObject().put("email", email));
    Api.Response unknown = client.post("/parse/verificationEmailRequest", new JsonObject().put("email", "nobody@example.com"));
    assertEquals(200, verified.status(), verified.text());
    assertEquals(verified.status() + " " + verified.text(), unknown.status() + " " + unknown.text());
    assertEquals(204, client.post("/parse/verificationEmailRequest", new JsonObject()).json().getInteger("code"));

    String other = unique("ver");
    assertEquals(201, client.post("/parse/users", new JsonObject().put("username", other).put("password", "long enough pw")
        .put("email", other + "@example.com")).status());
    smtp.awaitMailTo(other + "@example.com");
    smtp.clear();
    Api.Response resent = client.post("/parse/verificationEmailRequest", new JsonObject().put("email", other + "@example.com"));
    assertEquals(verified.status() + " " + verified.text(), resent.status() + " " + resent.text());
    assertTrue(smtp.awaitMailTo(other + "@example.com").message().contains("Subject: Please verify your e-mail"),
        "an unverified address gets its link again");
  }

  @Test
  @DisplayName("password reset: the mailed link sets a new password once, signs every session out, and keeps the policy")
  void reset() throws Exception {
    String name = unique("rst");
    String email = name + "@example.com";
    client.post("/parse/users", new JsonObject().put("username", name).put("password", "first password").put("email", email));
    client.get(pathOf(smtp.awaitMailTo(email).link())); // verified, so login works
    String token = login(name, "first password").json().getString("sessionToken");
    smtp.clear();

    assertEquals(200, client.post("/parse/requestPasswordReset", new JsonObject().put("email", "nobody-" + name + "@example.com")).status(),
        "the answer tells no one whether an account exists");
    assertEquals(200, client.post("/parse/requestPasswordReset", new JsonObject().put("email", email)).status());
    String link = smtp.awaitMailTo(email).link();
    assertTrue(smtp.mails().stream().noneMatch(m -> m.recipients().contains("nobody-" + name + "@example.com")));
    Api.Response form = client.get(pathOf(link));
    assertEquals(200, form.status(), link + " -> " + form.text());
    assertTrue(form.text().contains("new_password"), form.text());

    String resetToken = link.substring(link.indexOf("token=") + 6);
    Api.Response tooShort = submit(link, resetToken, "short");
    assertEquals(400, tooShort.status());
    assertTrue(tooShort.text().contains("Password Policy"), tooShort.text());
    Api.Response reused = submit(link, resetToken, "first password");
    assertTrue(reused.text().contains("should not be the same as last 2 passwords"), reused.text());

    Api.Response done = submit(link, resetToken, "second password");
    assertEquals(200, done.status(), done.text());
    assertEquals(200, login(name, "second password").status());
    assertEquals(101, login(name, "first password").json().getInteger("code"));
    assertEquals(209, client.header("X-Parse-Session-Token", token).get("/parse/users/me").json().getInteger("code"),
        "a reset signs every session out");
    assertEquals(400, submit(link, resetToken, "third password").status(), "a link resets once");
  }

  @Test
  @DisplayName("the policy binds signup and password changes: length, username, the last passwords; 142 and nothing changed")
  void policy() {
    String name = unique("pol");
    assertEquals(142, client.post("/parse/users", new JsonObject().put("username", name).put("password", "short")).json().getInteger("code"));
    assertEquals(142, client.post("/parse/users", new JsonObject().put("username", name).put("password", "x" + name + "x"))
        .json().getInteger("code"));
    Api.Response created = client.post("/parse/users", new JsonObject().put("username", name).put("password", "password one"));
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    // logins wait for a verified email on this node: the master key marks it so
    assertEquals(200, client.asMaster().put("/parse/users/" + id, new JsonObject().put("emailVerified", true)).status());
    Api self = client.header("X-Parse-Session-Token", login(name, "password one").json().getString("sessionToken"));
    Api.Response same = self.put("/parse/users/" + id, new JsonObject().put("password", "password one"));
    assertEquals(142, same.json().getInteger("code"), same.text());
    Api.Response changed = self.put("/parse/users/" + id, new JsonObject().put("password", "password two"));
    assertEquals(200, changed.status(), changed.text());
    // a password change signs the user's other sessions out and answers a new token
    Api fresh = client.header("X-Parse-Session-Token", changed.json().getString("sessionToken"));
    assertEquals(142, fresh.put("/parse/users/" + id, new JsonObject().put("password", "password one")).json().getInteger("code"),
        "one of the last two passwords");
    Api.Response third = fresh.put("/parse/users/" + id, new JsonObject().put("password", "password three"));
    assertEquals(200, third.status(), third.text());
    Api.Response back = client.header("X-Parse-Session-Token", third.json().getString("sessionToken"))
        .put("/parse/users/" + id, new JsonObject().put("password", "password one"));
    assertEquals(200, back.status(), "three passwords ago is allowed again with a history of two: " + back.text());
  }

  @Test
  @DisplayName("an SMTP server that is down fails no signup")
  void smtpDown() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("smtp_host", "127.0.0.1", "smtp_port", String.valueOf(TestNodes.freePort()), "smtp_security", "none",
        "verify_user_emails", "true"));
    Node down = TestNodes.start(settings);
    try {
      String name = unique("down");
      Api.Response signup = Api.at(down.config().port()).post("/parse/users",
          new JsonObject().put("username", name).put("password", "pw").put("email", name + "@example.com"));
      assertEquals(201, signup.status(), signup.text());
    } finally {
      down.stop();
    }
  }

  private static Api.Response login(String username, String password) {
    return client.post("/parse/login", new JsonObject().put("username", username).put("password", password));
  }

  private static Api.Response submit(String link, String token, String password) {
    String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&new_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return client.postRaw(URI.create(link).getPath(), form, "application/x-www-form-urlencoded");
  }

  /** The link's path and query, to follow it on the test node (server_url names the default port). */
  private static String pathOf(String link) {
    URI uri = URI.create(link);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }
}
