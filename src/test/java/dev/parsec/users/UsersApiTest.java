package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Api.Response;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/users, /login, /logout and /sessions: users sign up, sign in and act as themselves")
class UsersApiTest {

  private static Node node;
  private static DatabaseUrl database;
  private static Api client;
  private static Api master;
  /** Every response a test saw, to check that no password or hash ever left the server. */
  private final List<Response> seen = new ArrayList<>();
  private final List<String> passwords = new ArrayList<>();

  @BeforeAll
  static void startNode() {
    database = TestDatabases.fresh();
    node = TestNodes.start(TestNodes.settings(database));
    client = Api.at(node.config().port());
    master = client.asMaster();
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @AfterEach
  void nothingSecretWasAnswered() {
    for (Response response : seen) {
      assertFalse(response.text().contains("_hashed_password"), response.text());
      assertFalse(response.text().contains("$argon2"), response.text());
      assertFalse(response.text().contains("$2b$"), response.text());
      for (String password : passwords) {
        assertFalse(response.text().contains(password), response.text());
      }
    }
  }

  private Response saw(Response response) {
    seen.add(response);
    return response;
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private String password() {
    String password = "pw-" + UUID.randomUUID();
    passwords.add(password);
    return password;
  }

  private JsonObject signUp(String username, String password) {
    Response created = saw(client.post("/parse/users", new JsonObject().put("username", username).put("password", password)));
    assertEquals(201, created.status(), created.text());
    return created.json();
  }

  private Response logIn(String username, String password) {
    return saw(client.get("/parse/login", Map.of("username", username, "password", password)));
  }

  private Api as(String token) {
    return client.header("X-Parse-Session-Token", token);
  }

  private static String storedHash(String objectId) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
         PreparedStatement s = c.prepareStatement("SELECT \"_hashed_password\" FROM \"_User\" WHERE \"objectId\" = ?")) {
      s.setString(1, objectId);
      ResultSet rs = s.executeQuery();
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sql(String statement, String... values) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
         PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("a user signs up, logs in, reads itself at /users/me, and logs out; the token then gets 209")
  void signUpLogInMeLogOut() {
    String name = unique("ada");
    String password = password();
    JsonObject created = signUp(name, password);
    assertTrue(created.getString("sessionToken").matches("r:[0-9a-f]{64}"), created.encode());
    assertNotNull(created.getString("objectId"));
    assertNotNull(created.getString("createdAt"));
    assertEquals(argon2Prefix(), storedHash(created.getString("objectId")).substring(0, 10));

    Response login = logIn(name, password);
    assertEquals(200, login.status(), login.text());
    String token = login.json().getString("sessionToken");
    assertEquals(created.getString("objectId"), login.json().getString("objectId"));
    assertEquals(name, login.json().getString("username"));
    assertNotEquals(created.getString("sessionToken"), token);

    Response me = saw(as(token).get("/parse/users/me"));
    assertEquals(200, me.status(), me.text());
    assertEquals(name, me.json().getString("username"));
    assertEquals(token, me.json().getString("sessionToken"));
    assertEquals(new JsonObject().put(created.getString("objectId"), new JsonObject().put("read", true).put("write", true)),
        me.json().getJsonObject("ACL"), "users are private by default");

    Response sessionMe = saw(as(token).get("/parse/sessions/me"));
    assertEquals(200, sessionMe.status(), sessionMe.text());
    assertEquals("login", sessionMe.json().getJsonObject("createdWith").getString("action"));
    assertEquals(created.getString("objectId"), sessionMe.json().getJsonObject("user").getString("objectId"));

    Response out = saw(as(token).post("/parse/logout", new JsonObject()));
    assertEquals(200, out.status(), out.text());
    Response after = saw(as(token).get("/parse/users/me"));
    assertEquals(400, after.status());
    assertEquals(new JsonObject().put("code", 209).put("error", "Invalid session token"), after.json());
    assertEquals(209, saw(as(token).post("/parse/logout", new JsonObject())).json().getInteger("code"));
    assertEquals(200, saw(as(created.getString("sessionToken")).get("/parse/users/me")).status(), "other sessions live on");
  }

  private static String argon2Prefix() {
    return "$argon2id$";
  }

  @Test
  @DisplayName("login takes credentials in a POST body too, and by email as the username")
  void logInByBodyAndEmail() {
    String name = unique("grace");
    String password = password();
    String email = name + "@Example.com";
    Response created = saw(client.post("/parse/users", new JsonObject().put("username", name).put("password", password).put("email", email)));
    assertEquals(201, created.status(), created.text());
    Response byBody = saw(client.post("/parse/login", new JsonObject().put("username", name).put("password", password)));
    assertEquals(200, byBody.status(), byBody.text());
    Response byEmail = saw(client.post("/parse/login", new JsonObject().put("username", email).put("password", password)));
    assertEquals(200, byEmail.status(), byEmail.text());
    assertEquals(email, byEmail.json().getString("email"));
  }

  @Test
  @DisplayName("a username or email taken in any letter case is refused, and nothing is written")
  void duplicatesRefused() {
    String name = unique("Alan");
    String email = name + "@example.com";
    Response first = saw(client.post("/parse/users", new JsonObject().put("username", name).put("password", password()).put("email", email)));
    assertEquals(201, first.status(), first.text());
    long before = TestDatabases.count(database, "SELECT count(*) FROM \"_User\"");
    long sessions = TestDatabases.count(database, "SELECT count(*) FROM \"_Session\"");

    Response sameName = saw(client.post("/parse/users", new JsonObject().put("username", name.toUpperCase()).put("password", password())));
    assertEquals(400, sameName.status());
    assertEquals(new JsonObject().put("code", 202).put("error", "Account already exists for this username."), sameName.json());
    Response sameEmail = saw(client.post("/parse/users", new JsonObject().put("username", unique("other"))
        .put("password", password()).put("email", email.toUpperCase())));
    assertEquals(new JsonObject().put("code", 203).put("error", "Account already exists for this email address."), sameEmail.json());

    assertEquals(before, TestDatabases.count(database, "SELECT count(*) FROM \"_User\""));
    assertEquals(sessions, TestDatabases.count(database, "SELECT count(*) FROM \"_Session\""));
  }

  @Test
  @DisplayName("a signup without username or password, or with a bad email, gets Parse's error")
  void badSignUps() {
    assertEquals(200, saw(client.post("/parse/users", new JsonObject().put("password", "x"))).json().getInteger("code"));
    assertEquals(201, saw(client.post("/parse/users", new JsonObject().put("username", unique("u")))).json().getInteger("code"));
    Response badEmail = saw(client.post("/parse/users", new JsonObject().put("username", unique("u")).put("password", "x").put("email", "nope")));
    assertEquals(125, badEmail.json().getInteger("code"));
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"_User\" WHERE \"email\" = 'nope'"));
  }

  @Test
  @DisplayName("a wrong password and an unknown user get the same answer")
  void wrongPasswordAndUnknownUserAlike() {
    String name = unique("eve");
    signUp(name, password());
    Response wrong = logIn(name, "not-the-password");
    Response unknown = logIn(unique("nobody"), "not-the-password");
    assertEquals(404, wrong.status());
    assertEquals(wrong.status(), unknown.status());
    assertEquals(wrong.text(), unknown.text());
    assertEquals(new JsonObject().put("code", 101).put("error", "Invalid username/password."), wrong.json());
  }

  @Test
  @DisplayName("an expired session token gets 209, as does an unknown one, on any route")
  void expiredToken() {
    JsonObject user = signUp(unique("old"), password());
    String token = user.getString("sessionToken");
    sql("UPDATE \"_Session\" SET \"expiresAt\" = now() - interval '1 second' WHERE \"sessionToken\" = ?", token);
    assertEquals(209, saw(as(token).get("/parse/users/me")).json().getInteger("code"));
    assertEquals(209, saw(as("r:" + "0".repeat(64)).get("/parse/classes/Anything")).json().getInteger("code"));
  }

  @Test
  @DisplayName("a user updates itself but not another user (206); the master key updates anyone")
  void updateOnlyYourself() {
    JsonObject ada = signUp(unique("ada"), password());
    JsonObject bob = signUp(unique("bob"), password());
    Response own = saw(as(ada.getString("sessionToken")).put("/parse/users/" + ada.getString("objectId"), new JsonObject().put("phone", "123")));
    assertEquals(200, own.status(), own.text());
    assertNull(own.json().getString("sessionToken"));
    Response other = saw(as(ada.getString("sessionToken")).put("/parse/users/" + bob.getString("objectId"), new JsonObject().put("phone", "666")));
    assertEquals(400, other.status());
    assertEquals(new JsonObject().put("code", 206).put("error", "Cannot modify user " + bob.getString("objectId") + "."), other.json());
    Response anonymous = saw(client.put("/parse/users/" + bob.getString("objectId"), new JsonObject().put("phone", "666")));
    assertEquals(206, anonymous.json().getInteger("code"));
    Response byMaster = saw(master.put("/parse/users/" + bob.getString("objectId"), new JsonObject().put("phone", "42")));
    assertEquals(200, byMaster.status(), byMaster.text());

    assertEquals("123", saw(as(ada.getString("sessionToken")).get("/parse/users/me")).json().getString("phone"));
    JsonObject bobNow = saw(master.get("/parse/users/" + bob.getString("objectId"))).json();
    assertEquals("42", bobNow.getString("phone"));
    assertNull(bobNow.getString("sessionToken"), "a user read by someone else has no session token");
    assertEquals(404, saw(as(ada.getString("sessionToken")).get("/parse/users/" + bob.getString("objectId"))).status(),
        "another user's private user object is not found");
    assertEquals(0, saw(client.get("/parse/users")).json().getJsonArray("results").size(), "users are private");
    Response found = saw(as(ada.getString("sessionToken")).get("/parse/classes/_User"));
    assertEquals(1, found.json().getJsonArray("results").size(), "a user finds only itself");
    assertEquals(ada.getString("objectId"), found.json().getJsonArray("results").getJsonObject(0).getString("objectId"));
    assertTrue(saw(master.get("/parse/users")).json().getJsonArray("results").size() >= 2);
  }

  @Test
  @DisplayName("after a password change the old password is refused, the new one accepted, and other sessions revoked")
  void passwordChange() {
    String name = unique("pat");
    String oldPassword = password();
    JsonObject user = signUp(name, oldPassword);
    String other = logIn(name, oldPassword).json().getString("sessionToken");
    String newPassword = password();
    Response changed = saw(as(user.getString("sessionToken")).put("/parse/users/" + user.getString("objectId"),
        new JsonObject().put("password", newPassword)));
    assertEquals(200, changed.status(), changed.text());
    String fresh = changed.json().getString("sessionToken");
    assertNotNull(fresh, "the user who changed the password gets a new session");

    assertEquals(209, saw(as(other).get("/parse/users/me")).json().getInteger("code"));
    assertEquals(209, saw(as(user.getString("sessionToken")).get("/parse/users/me")).json().getInteger("code"));
    assertEquals(200, saw(as(fresh).get("/parse/users/me")).status());
    assertEquals(404, logIn(name, oldPassword).status());
    assertEquals(200, logIn(name, newPassword).status());
  }

  @Test
  @DisplayName("a bcrypt hash from Parse Server logs in, and is then stored as Argon2id")
  void bcryptMigrates() {
    String name = unique("legacy");
    String password = password();
    JsonObject user = signUp(name, unique("placeholder"));
    String bcrypt = OpenBSDBCrypt.generate("2b", password.toCharArray(), new byte[16], 10);
    sql("UPDATE \"_User\" SET \"_hashed_password\" = ? WHERE \"objectId\" = ?", bcrypt, user.getString("objectId"));

    assertEquals(404, logIn(name, "wrong").status());
    assertEquals(bcrypt, storedHash(user.getString("objectId")), "a failed login changes nothing");
    Response login = logIn(name, password);
    assertEquals(200, login.status(), login.text());
    String rehashed = storedHash(user.getString("objectId"));
    assertTrue(rehashed.startsWith("$argon2id$"), rehashed);
    assertEquals(200, logIn(name, password).status());
    assertEquals(rehashed, storedHash(user.getString("objectId")), "a current hash is kept");
  }

  @Test
  @DisplayName("verifyPassword answers the user without a session; /sessions lists only the caller's own")
  void verifyPasswordAndSessions() {
    String name = unique("vera");
    String password = password();
    JsonObject user = signUp(name, password);
    Response verified = saw(client.get("/parse/verifyPassword", Map.of("username", name, "password", password)));
    assertEquals(200, verified.status(), verified.text());
    assertNull(verified.json().getString("sessionToken"));
    assertEquals(404, saw(client.get("/parse/verifyPassword", Map.of("username", name, "password", "nope"))).status());

    JsonObject other = signUp(unique("olga"), password());
    Response mine = saw(as(user.getString("sessionToken")).get("/parse/sessions"));
    assertEquals(200, mine.status(), mine.text());
    assertEquals(1, mine.json().getJsonArray("results").size());
    Response all = saw(master.get("/parse/sessions"));
    assertTrue(all.json().getJsonArray("results").size() >= 2);

    String otherSession = saw(as(other.getString("sessionToken")).get("/parse/sessions/me")).json().getString("objectId");
    assertEquals(404, saw(as(user.getString("sessionToken")).delete("/parse/sessions/" + otherSession)).status());
    assertEquals(200, saw(as(other.getString("sessionToken")).delete("/parse/sessions/" + otherSession)).status());
    assertEquals(209, saw(as(other.getString("sessionToken")).get("/parse/users/me")).json().getInteger("code"));
  }

  @Test
  @DisplayName("a user deletes itself, its sessions go with it; another user cannot")
  void deleteSelf() {
    JsonObject ada = signUp(unique("ada"), password());
    JsonObject bob = signUp(unique("bob"), password());
    assertEquals(404, saw(as(ada.getString("sessionToken")).delete("/parse/users/" + bob.getString("objectId"))).status());
    assertEquals(200, saw(as(bob.getString("sessionToken")).delete("/parse/users/" + bob.getString("objectId"))).status());
    assertEquals(209, saw(as(bob.getString("sessionToken")).get("/parse/users/me")).json().getInteger("code"));
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"_Session\" WHERE \"user\" = '" + bob.getString("objectId") + "'"));
  }
}
