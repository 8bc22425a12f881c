package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with Apple, Google, Facebook and anonymously, against local stand-ins for the providers:
 * a JWKS endpoint publishing an RSA key generated here (tokens are signed with it, as the providers
 * sign theirs) and a Graph API that knows a few Facebook access tokens.
 */
@DisplayName("Third-party sign-in (authData): tokens checked with the provider, linking and unlinking")
class ThirdPartySignInTest {

  private static final String APPLE_APP = "com.example.app";
  private static final String GOOGLE_APP = "1234.apps.googleusercontent.com";
  private static final String FACEBOOK_APP = "fb-app-1";

  private static Vertx vertx;
  private static HttpServer providers;
  private static KeyPair providerKey;
  private static KeyPair otherKey;
  private static DatabaseUrl database;
  private static Node node;
  private static Api client;
  private static Api master;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    providerKey = rsa.generateKeyPair();
    otherKey = rsa.generateKeyPair();
    vertx = Vertx.vertx();
    JsonObject jwks = new JsonObject().put("keys", new JsonArray().add(jwk((RSAPublicKey) providerKey.getPublic(), "key-1")));
    providers = vertx.createHttpServer().requestHandler(request -> {
      String path = request.path();
      String token = request.getParam("access_token");
      if (path.endsWith("/keys")) {
        request.response().putHeader("content-type", "application/json").end(jwks.encode());
      } else if (path.equals("/graph/me") && token != null && token.startsWith("fb-token-for-")) {
        request.response().end(new JsonObject().put("id", token.substring("fb-token-for-".length())).encode());
      } else if (path.equals("/graph/app") && token != null && token.startsWith("fb-token-for-")) {
        request.response().end(new JsonObject().put("id", token.contains("other-app") ? "fb-app-2" : FACEBOOK_APP).encode());
      } else {
        request.response().setStatusCode(400).end(new JsonObject().put("error", new JsonObject().put("message", "Invalid OAuth access token")).encode());
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + providers.actualPort();
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(Map.of(
        "auth_apple_client_ids", APPLE_APP, "auth_apple_jwks_url", base + "/apple/keys",
        "auth_google_client_ids", GOOGLE_APP, "auth_google_jwks_url", base + "/google/keys",
        "auth_facebook_app_ids", FACEBOOK_APP, "auth_facebook_graph_url", base + "/graph",
        "auth_facebook_jwks_url", base + "/facebook/keys"));
    node = TestNodes.start(settings);
    client = Api.at(node.config().port());
    master = client.asMaster();
    client.awaitReady();
  }

  @AfterAll
  static void stop() {
    node.stop();
    vertx.close().await();
  }

  @Test
  @DisplayName("anonymous: a new id signs up under a random name, the same id logs the same user in")
  void anonymous() {
    JsonObject authData = new JsonObject().put("anonymous", new JsonObject().put("id", UUID.randomUUID().toString()));
    Api.Response first = client.post("/parse/users", new JsonObject().put("authData", authData));
    assertEquals(201, first.status(), first.text());
    assertNotNull(first.json().getString("sessionToken"));
    assertEquals(25, first.json().getString("username").length());
    Api.Response again = client.post("/parse/users", new JsonObject().put("authData", authData));
    assertEquals(200, again.status(), again.text());
    assertEquals(first.json().getString("objectId"), again.json().getString("objectId"));
    JsonObject me = client.header("X-Parse-Session-Token", again.json().getString("sessionToken")).get("/parse/users/me").json();
    assertEquals(authData, me.getJsonObject("authData"));
  }

  @Test
  @DisplayName("an anonymous user who sets a username and password keeps its id and drops the anonymous link")
  void anonymousUpgrade() {
    JsonObject authData = new JsonObject().put("anonymous", new JsonObject().put("id", UUID.randomUUID().toString()));
    JsonObject anonymous = client.post("/parse/users", new JsonObject().put("authData", authData)).json();
    Api self = client.header("X-Parse-Session-Token", anonymous.getString("sessionToken"));
    Api.Response upgraded = self.put("/parse/users/" + anonymous.getString("objectId"), new JsonObject()
        .put("username", "upgraded-" + anonymous.getString("objectId")).put("password", "a-real-password")
        .put("authData", new JsonObject().putNull("anonymous")));
    assertEquals(200, upgraded.status(), upgraded.text());
    Api.Response login = client.post("/parse/login", new JsonObject()
        .put("username", "upgraded-" + anonymous.getString("objectId")).put("password", "a-real-password"));
    assertEquals(anonymous.getString("objectId"), login.json().getString("objectId"));
    assertNull(login.json().getValue("authData"));
  }

  @Test
  @DisplayName("Apple: a token signed by Apple's key, for this app and this user, signs in; any other is refused and nothing is made")
  void apple() throws Exception {
    String id = "apple-" + UUID.randomUUID();
    Api.Response created = client.post("/parse/users", apple(id, token(providerKey, "https://appleid.apple.com", APPLE_APP, id, 600)));
    assertEquals(201, created.status(), created.text());
    Api.Response again = client.post("/parse/users", apple(id, token(providerKey, "https://appleid.apple.com", APPLE_APP, id, 600)));
    assertEquals(200, again.status(), again.text());
    assertEquals(created.json().getString("objectId"), again.json().getString("objectId"));

    String stranger = "apple-" + UUID.randomUUID();
    Map<String, String> forged = Map.of(
        "signed by another key", token(otherKey, "https://appleid.apple.com", APPLE_APP, stranger, 600),
        "issued for another app", token(providerKey, "https://appleid.apple.com", "com.other.app", stranger, 600),
        "expired", token(providerKey, "https://appleid.apple.com", APPLE_APP, stranger, -60),
        "for another user", token(providerKey, "https://appleid.apple.com", APPLE_APP, "someone-else", 600),
        "from another issuer", token(providerKey, "https://evil.example", APPLE_APP, stranger, 600));
    forged.forEach((why, token) -> {
      Api.Response refused = client.post("/parse/users", apple(stranger, token));
      assertEquals(101, refused.json().getInteger("code"), why + ": " + refused.text());
    });
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM \"_User\" WHERE \"authData\" -> 'apple' ->> 'id' = '" + stranger + "'"));
  }

  @Test
  @DisplayName("Google: an id_token for this app's client id signs in")
  void google() throws Exception {
    String id = "google-" + UUID.randomUUID();
    JsonObject authData = new JsonObject().put("google", new JsonObject().put("id", id)
        .put("id_token", token(providerKey, "https://accounts.google.com", GOOGLE_APP, id, 600)));
    Api.Response created = client.post("/parse/users", new JsonObject().put("authData", authData));
    assertEquals(201, created.status(), created.text());
  }

  @Test
  @DisplayName("Facebook: the Graph API must name the same user and this app; Limited Login tokens are checked like Apple's")
  void facebook() throws Exception {
    String id = "fb" + UUID.randomUUID().toString().replace("-", "");
    Api.Response created = client.post("/parse/users", facebook(new JsonObject().put("id", id).put("access_token", "fb-token-for-" + id)));
    assertEquals(201, created.status(), created.text());
    assertEquals(101, client.post("/parse/users", facebook(new JsonObject().put("id", id).put("access_token", "stolen")))
        .json().getInteger("code"));
    assertEquals(101, client.post("/parse/users", facebook(new JsonObject().put("id", "someone-else").put("access_token", "fb-token-for-" + id)))
        .json().getInteger("code"));
    String other = "fbother-app" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(101, client.post("/parse/users", facebook(new JsonObject().put("id", other).put("access_token", "fb-token-for-" + other)))
        .json().getInteger("code"), "a token Facebook issued to another app");
    Api.Response limited = client.post("/parse/users", facebook(new JsonObject().put("id", id)
        .put("token", token(providerKey, "https://www.facebook.com", FACEBOOK_APP, id, 600))));
    assertEquals(200, limited.status(), limited.text());
    assertEquals(created.json().getString("objectId"), limited.json().getString("objectId"));
  }

  @Test
  @DisplayName("a provider not configured here, or malformed authData, is answered 252")
  void unsupported() {
    assertEquals(252, client.post("/parse/users", new JsonObject().put("authData",
        new JsonObject().put("twitter", new JsonObject().put("id", "x")))).json().getInteger("code"));
    assertEquals(252, client.post("/parse/users", new JsonObject().put("authData", "anonymous")).json().getInteger("code"));
  }

  @Test
  @DisplayName("linking: a user links Apple, signs in with it, another user cannot take it (208), unlinking frees it")
  void linkAndUnlink() throws Exception {
    JsonObject owner = signUp();
    JsonObject rival = signUp();
    String id = "apple-" + UUID.randomUUID();
    Api ownerApi = client.header("X-Parse-Session-Token", owner.getString("sessionToken"));
    Api.Response link = ownerApi.put("/parse/users/" + owner.getString("objectId"),
        apple(id, token(providerKey, "https://appleid.apple.com", APPLE_APP, id, 600)));
    assertEquals(200, link.status(), link.text());
    Api.Response signIn = client.post("/parse/users", apple(id, token(providerKey, "https://appleid.apple.com", APPLE_APP, id, 600)));
    assertEquals(owner.getString("objectId"), signIn.json().getString("objectId"));

    Api.Response taken = client.header("X-Parse-Session-Token", rival.getString("sessionToken")).put(
        "/parse/users/" + rival.getString("objectId"), apple(id, token(providerKey, "https://appleid.apple.com", APPLE_APP, id, 600)));
    assertEquals(208, taken.json().getInteger("code"), taken.text());

    master.put("/parse/users/" + owner.getString("objectId"), new JsonObject().put("ACL", new JsonObject()
        .put("*", new JsonObject().put("read", true)).put(owner.getString("objectId"), new JsonObject().put("read", true).put("write", true))));
    JsonObject seenByRival = client.header("X-Parse-Session-Token", rival.getString("sessionToken"))
        .get("/parse/users/" + owner.getString("objectId")).json();
    assertEquals(owner.getString("username"), seenByRival.getString("username"));
    assertNull(seenByRival.getValue("authData"), "another user never sees the provider's token");

    Api.Response unlink = ownerApi.put("/parse/users/" + owner.getString("objectId"),
        new JsonObject().put("authData", new JsonObject().putNull("apple")));
    assertEquals(200, unlink.status(), unlink.text());
    assertNull(ownerApi.get("/parse/users/me").json().getValue("authData"));
    Api.Response fresh = client.post("/parse/users", apple(id, token(providerKey, "https://appleid.apple.com", APPLE_APP, id, 600)));
    assertEquals(201, fresh.status(), "once unlinked, the Apple id signs up a new user: " + fresh.text());
    assertNotEquals(owner.getString("objectId"), fresh.json().getString("objectId"));
  }

  private static JsonObject signUp() {
    String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject created = client.post("/parse/users", new JsonObject().put("username", name).put("password", "pw-" + name)).json();
    return created.put("username", name);
  }

  private static JsonObject apple(String id, String token) {
    return new JsonObject().put("authData", new JsonObject().put("apple", new JsonObject().put("id", id).put("token", token)));
  }

  private static JsonObject facebook(JsonObject part) {
    return new JsonObject().put("authData", new JsonObject().put("facebook", part));
  }

  /** An RS256 JWT as a provider issues it, expiring in expiresIn seconds (negative: already expired). */
  private static String token(KeyPair key, String issuer, String audience, String subject, long expiresIn) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String header = b64(new JsonObject().put("alg", "RS256").put("kid", "key-1").put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8));
    String claims = b64(new JsonObject().put("iss", issuer).put("aud", audience).put("sub", subject)
        .put("iat", now - 120).put("exp", now + expiresIn).encode().getBytes(StandardCharsets.UTF_8));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(key.getPrivate());
    rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64(rs256.sign());
  }

  private static JsonObject jwk(RSAPublicKey key, String kid) {
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
        .put("n", b64(unsigned(key.getModulus()))).put("e", b64(unsigned(key.getPublicExponent())));
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
