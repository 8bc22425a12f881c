package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One focused test per security finding of the access-matrix review. Each asserts the fixed behaviour, so
 * each fails on the code that has the hole. They share one node (configured with the limits finding 6
 * needs); finding 7 starts its own, whose master key is accepted from another network only.
 */
@DisplayName("Security findings: each test asserts the fixed behaviour of one hole found")
class FindingsTest {

  /**
   * The login rule of finding 6. Its window is an hour rather than a minute: counts are kept in fixed windows,
   * and a test crossing a window's end would see its allowance renewed halfway.
   */
  private static final String LOGIN_RULE = "POST /login 3/1h";

  private static Node node;
  private static Api anonymous;
  private static Api master;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("rate_limits", LOGIN_RULE);
    settings.put("max_limit", "3");
    settings.put("max_include_depth", "2");
    settings.put("max_or_clauses", "3");
    node = TestNodes.startReady(settings);
    anonymous = Api.at(node.config().port());
    master = anonymous.asMaster();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  /** A signed-up user: its id, its session token, and a client sending that token. */
  private record User(String id, String token, String username, Api api) {
  }

  private static User signUp(JsonObject extra) {
    String name = "u" + UUID.randomUUID().toString().substring(0, 10);
    JsonObject body = new JsonObject().put("username", name).put("password", "pass-" + name).mergeIn(extra);
    Api.Response created = anonymous.post("/parse/users", body);
    assertEquals(201, created.status(), created.text());
    String token = created.json().getString("sessionToken");
    return new User(created.json().getString("objectId"), token, name, anonymous.header("X-Parse-Session-Token", token));
  }

  private static String create(String className, JsonObject fields) {
    Api.Response created = master.post("/parse/classes/" + className, fields);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }

  private static void permissions(String className, JsonObject clp) {
    Api.Response set = master.put("/parse/schemas/" + className, new JsonObject().put("classLevelPermissions", clp));
    assertEquals(200, set.status(), set.text());
  }

  private static JsonObject open() {
    JsonObject everyone = new JsonObject().put("*", true);
    JsonObject clp = new JsonObject();
    for (String op : List.of("find", "get", "count", "create", "update", "delete", "addField")) {
      clp.put(op, everyone.copy());
    }
    return clp;
  }

  private static JsonObject pointer(String className, String id) {
    return new JsonObject().put("__type", "Pointer").put("className", className).put("objectId", id);
  }

  private static JsonObject publicRead() {
    return new JsonObject().put("*", new JsonObject().put("read", true));
  }

  private static void plainPointer(Object value, String what) {
    assertTrue(value instanceof JsonObject pointer && pointer.size() == 3 && "Pointer".equals(pointer.getString("__type")),
        what + " should stay a plain pointer, is " + value);
  }

  private static void refused(Api.Response response, String what) {
    assertEquals(400, response.status(), what + ": " + response.text());
    assertEquals(119, response.json().getInteger("code"), what + ": " + response.text());
  }

  /** A sub-query or filter run twice, over a hidden value that matches and one that does not: one answer. */
  private static void indistinguishable(Api.Response match, Api.Response miss, String what) {
    assertEquals(match.status(), miss.status(), what + ": the status tells a match from a miss (" + match + " / " + miss + ")");
    assertEquals(match.text().isEmpty() ? "" : match.json(), miss.text().isEmpty() ? "" : miss.json(),
        what + ": the body tells a match from a miss (" + match + " / " + miss + ")");
  }

  private static Api.Response where(Api api, String path, JsonObject where) {
    return api.get(path, Map.of("where", where.encode()));
  }

  // ----------------------------------------------------------------------------------------------- finding 1

  @Test
  @DisplayName("finding 1: GET /users?include=peek shows neither the email nor the authData of the users one's own user points to")
  void includeFromUsersHidesOtherUsersSecrets() {
    User privateVictim = signUp(new JsonObject().put("email", "private-victim-1@example.com"));
    User publicVictim = signUp(new JsonObject().put("email", "public-victim-1@example.com").put("ACL", publicRead()));
    String anonymousId = "anon-" + UUID.randomUUID();
    Api.Response ghost = anonymous.post("/parse/users", new JsonObject()
        .put("authData", new JsonObject().put("anonymous", new JsonObject().put("id", anonymousId))).put("ACL", publicRead()));
    assertEquals(201, ghost.status(), ghost.text());
    User attacker = signUp(new JsonObject().put("email", "attacker-1@example.com"));
    // the attacker points its own user at its victims: a user may write its own fields
    Api.Response pointed = attacker.api().put("/parse/users/" + attacker.id(), new JsonObject()
        .put("peek", pointer("_User", privateVictim.id())).put("peekPublic", pointer("_User", publicVictim.id()))
        .put("peekGhost", pointer("_User", ghost.json().getString("objectId"))));
    assertEquals(200, pointed.status(), pointed.text());

    Api.Response found = attacker.api().get("/parse/users", Map.of("include", "peek,peekPublic,peekGhost"));
    assertEquals(200, found.status(), found.text());
    assertAll(
        () -> assertFalse(found.text().contains("private-victim-1@example.com"), "the private victim's email leaked: " + found.text()),
        () -> assertFalse(found.text().contains("public-victim-1@example.com"), "the public victim's email leaked: " + found.text()),
        () -> assertFalse(found.text().contains(anonymousId), "the anonymous victim's authData.anonymous.id leaked: " + found.text()),
        () -> {
          JsonObject self = found.json().getJsonArray("results").stream().map(JsonObject.class::cast)
              .filter(u -> attacker.id().equals(u.getString("objectId"))).findFirst().orElseThrow();
          plainPointer(self.getValue("peek"), "a pointer to a user the attacker may not read");
          assertEquals("attacker-1@example.com", self.getString("email"), "a user sees its own email");
        });
  }

  @Test
  @DisplayName("finding 1: an include into a class whose CLP refuses get and find leaves a plain pointer, from /classes and from /users")
  void includeIntoRefusedClassStaysPointer() {
    String vault = create("Vault1", new JsonObject().put("secret", "vault-secret-1"));
    permissions("Vault1", new JsonObject()); // the master key only
    create("Note1", new JsonObject().put("title", "public note").put("vault", pointer("Vault1", vault)));
    User reader = signUp(new JsonObject());
    Api.Response pointed = reader.api().put("/parse/users/" + reader.id(), new JsonObject().put("vault", pointer("Vault1", vault)));
    assertEquals(200, pointed.status(), pointed.text());

    for (Api caller : List.of(anonymous, reader.api())) {
      Api.Response notes = caller.get("/parse/classes/Note1", Map.of("include", "vault"));
      assertEquals(200, notes.status(), notes.text());
      assertFalse(notes.text().contains("vault-secret-1"), "an object of a master-only class was included: " + notes.text());
      plainPointer(notes.json().getJsonArray("results").getJsonObject(0).getValue("vault"), "Note1.vault");
    }
    Api.Response users = reader.api().get("/parse/users", Map.of("include", "vault"));
    assertFalse(users.text().contains("vault-secret-1"), "an object of a master-only class was included through /users: " + users.text());
    Api.Response asMaster = master.get("/parse/classes/Note1", Map.of("include", "vault"));
    assertEquals("vault-secret-1", asMaster.json().getJsonArray("results").getJsonObject(0).getJsonObject("vault").getString("secret"));
  }

  // ----------------------------------------------------------------------------------------------- finding 2

  @Test
  @DisplayName("finding 2: $select into _Session with $regex on sessionToken answers the same whether the prefix is another user's token or not")
  void sessionTokenIsNoOracle() {
    User victim = signUp(new JsonObject());
    Api.Response login = anonymous.post("/parse/login", new JsonObject().put("username", victim.username()).put("password", "pass-" + victim.username()));
    assertEquals(200, login.status(), login.text());
    String token = login.json().getString("sessionToken");
    User attacker = signUp(new JsonObject());
    Api.Response tagged = attacker.api().put("/parse/users/" + attacker.id(), new JsonObject().put("tag", victim.id()));
    assertEquals(200, tagged.status(), tagged.text());

    String truePrefix = token.substring(0, 8);
    String falsePrefix = "r:" + (token.charAt(2) == '0' ? '1' : '0') + token.substring(3, 8);
    Api.Response match = attacker.api().get("/parse/users", Map.of("where", probe(truePrefix).encode()));
    Api.Response miss = attacker.api().get("/parse/users", Map.of("where", probe(falsePrefix).encode()));
    indistinguishable(match, miss, "a guess at another user's session token");
  }

  private static JsonObject probe(String prefix) {
    return new JsonObject().put("tag", new JsonObject().put("$select", new JsonObject()
        .put("query", new JsonObject().put("className", "_Session")
            .put("where", new JsonObject().put("sessionToken", new JsonObject().put("$regex", "^" + prefix))))
        .put("key", "user")));
  }

  // ----------------------------------------------------------------------------------------------- finding 3

  @Test
  @DisplayName("finding 3: $inQuery with $regex into a class whose CLP refuses find is refused (119), whatever the data")
  void inQueryIntoRefusedClass() {
    String hidden = create("Hidden3", new JsonObject().put("code", "S3CRET"));
    permissions("Hidden3", new JsonObject());
    create("Ref3", new JsonObject().put("hidden", pointer("Hidden3", hidden)));
    User user = signUp(new JsonObject());
    Api.Response match = where(user.api(), "/parse/classes/Ref3", inQuery("hidden", "Hidden3",
        new JsonObject().put("code", new JsonObject().put("$regex", "^S3"))));
    Api.Response miss = where(user.api(), "/parse/classes/Ref3", inQuery("hidden", "Hidden3",
        new JsonObject().put("code", new JsonObject().put("$regex", "^XX"))));
    indistinguishable(match, miss, "a regex on a field of a class the caller may not find");
    refused(match, "a sub-query into a class whose CLP refuses find");
  }

  @Test
  @DisplayName("finding 3: $select into _Installation with $regex on deviceToken is refused (119), whatever the data")
  void selectIntoInstallations() {
    String deviceToken = "f3" + "0123456789abcdef".repeat(4).substring(2);
    Api.Response installed = master.post("/parse/installations", new JsonObject().put("deviceType", "ios")
        .put("installationId", "finding3-device").put("deviceToken", deviceToken));
    assertTrue(installed.status() == 201 || installed.status() == 200, installed.text());
    create("Card3", new JsonObject().put("tag", "finding3-device"));
    Api.Response match = where(anonymous, "/parse/classes/Card3", selectInstallation("^" + deviceToken.substring(0, 6)));
    Api.Response miss = where(anonymous, "/parse/classes/Card3", selectInstallation("^ffffff"));
    indistinguishable(match, miss, "a regex on an installation's device token");
    refused(match, "a sub-query into _Installation");
  }

  private static JsonObject selectInstallation(String regex) {
    return new JsonObject().put("tag", new JsonObject().put("$select", new JsonObject()
        .put("query", new JsonObject().put("className", "_Installation")
            .put("where", new JsonObject().put("deviceToken", new JsonObject().put("$regex", regex))))
        .put("key", "installationId")));
  }

  @Test
  @DisplayName("finding 3: $select whose key is a protected field is refused (119) and tells no match from a miss")
  void selectOverProtectedField() {
    create("Profile3", new JsonObject().put("name", "low").put("salary", 100));
    create("Profile3", new JsonObject().put("name", "high").put("salary", 999));
    JsonObject clp = open().put("protectedFields", new JsonObject().put("*", new JsonArray().add("salary")));
    permissions("Profile3", clp);
    create("Bid3", new JsonObject().put("amount", 100));
    User user = signUp(new JsonObject());
    Api.Response match = where(user.api(), "/parse/classes/Bid3", selectSalary("low"));
    Api.Response miss = where(user.api(), "/parse/classes/Bid3", selectSalary("high"));
    indistinguishable(match, miss, "a $select over a protected salary");
    refused(match, "a $select whose key is protected");
  }

  private static JsonObject selectSalary(String name) {
    return new JsonObject().put("amount", new JsonObject().put("$select", new JsonObject()
        .put("query", new JsonObject().put("className", "Profile3").put("where", new JsonObject().put("name", name)))
        .put("key", "salary")));
  }

  @Test
  @DisplayName("finding 3: _JobStatus rows are read by no client, through a sub-query, an include or /classes/_JobStatus")
  void jobStatusIsMasterOnlyEverywhere() {
    Api.Response started = master.post("/parse/jobs/count", new JsonObject().put("tag", "finding3").put("steps", 0));
    assertEquals(202, started.status(), started.text());
    String job = started.header("X-Parse-Job-Status-Id");
    create("Run3", new JsonObject().put("job", pointer("_JobStatus", job)));
    User user = signUp(new JsonObject());
    Api.Response match = where(user.api(), "/parse/classes/Run3", inQuery("job", "_JobStatus", new JsonObject().put("jobName", "count")));
    Api.Response miss = where(user.api(), "/parse/classes/Run3", inQuery("job", "_JobStatus", new JsonObject().put("jobName", "no-such-job")));
    assertAll(
        () -> indistinguishable(match, miss, "a sub-query over _JobStatus"),
        () -> refused(match, "a sub-query into _JobStatus"),
        () -> plainPointer(user.api().get("/parse/classes/Run3", Map.of("include", "job")).json().getJsonArray("results")
            .getJsonObject(0).getValue("job"), "an included _JobStatus"),
        () -> refused(user.api().get("/parse/classes/_JobStatus"), "a client's find on _JobStatus"),
        () -> refused(anonymous.get("/parse/classes/_JobStatus/" + job), "a client's get on _JobStatus"));
  }

  private static JsonObject inQuery(String field, String className, JsonObject where) {
    return new JsonObject().put(field, new JsonObject().put("$inQuery", new JsonObject().put("className", className).put("where", where)));
  }

  // ----------------------------------------------------------------------------------------------- finding 4

  @Test
  @DisplayName("finding 4: ?order=-salary&keys=name on a protected salary is refused (119) rather than ranking by it")
  void orderOnProtectedField() {
    create("Profile4", new JsonObject().put("name", "a-low").put("salary", 1));
    create("Profile4", new JsonObject().put("name", "b-high").put("salary", 9));
    create("Profile4", new JsonObject().put("name", "c-mid").put("salary", 5));
    permissions("Profile4", open().put("protectedFields", new JsonObject().put("*", new JsonArray().add("salary"))));
    User user = signUp(new JsonObject());
    for (Api caller : List.of(anonymous, user.api())) {
      refused(caller.get("/parse/classes/Profile4", Map.of("order", "-salary", "keys", "name")), "order on a protected field");
      refused(caller.get("/parse/classes/Profile4", Map.of("order", "name,salary")), "order on a protected field after a visible one");
    }
    JsonArray ranked = master.get("/parse/classes/Profile4", Map.of("order", "-salary", "keys", "name")).json().getJsonArray("results");
    assertEquals("b-high", ranked.getJsonObject(0).getString("name"), "the master key may order on it");
  }

  // ----------------------------------------------------------------------------------------------- finding 5

  @Test
  @DisplayName("finding 5: with _User protectedFields {\"*\": [\"email\"]}, another user reading a public-read user does not see its email")
  void userEmailProtected() {
    JsonObject clp = open().put("protectedFields", new JsonObject().put("*", new JsonArray().add("email")));
    permissions("_User", clp);
    User victim = signUp(new JsonObject().put("email", "victim-5@example.com").put("ACL", publicRead()));
    User reader = signUp(new JsonObject());
    Api.Response read = reader.api().get("/parse/users/" + victim.id());
    assertEquals(200, read.status(), "the victim's ACL lets anyone read it: " + read.text());
    assertNull(read.json().getValue("email"), "another user sees the victim's email: " + read.text());
    Api.Response anonymousRead = anonymous.get("/parse/classes/_User/" + victim.id());
    assertNull(anonymousRead.json().getValue("email"), "anonymous sees the victim's email: " + anonymousRead.text());
    assertEquals("victim-5@example.com", victim.api().get("/parse/users/" + victim.id()).json().getString("email"),
        "a user sees its own email");
  }

  @Test
  @DisplayName("finding 5: protectedFields \"authenticated\" applies to every signed-in user")
  void authenticatedProtectedFields() {
    String id = create("Contact5", new JsonObject().put("name", "c").put("phone", "555-0100").put("salary", 70));
    permissions("Contact5", open().put("protectedFields", new JsonObject()
        .put("*", new JsonArray().add("phone").add("salary")).put("authenticated", new JsonArray().add("salary"))));
    User user = signUp(new JsonObject());
    JsonObject seen = user.api().get("/parse/classes/Contact5/" + id).json();
    assertAll(
        () -> assertEquals("555-0100", seen.getString("phone"), "a signed-in user is spared what 'authenticated' does not list: " + seen),
        () -> assertNull(seen.getValue("salary"), "'authenticated' still hides salary: " + seen),
        () -> assertNull(anonymous.get("/parse/classes/Contact5/" + id).json().getValue("phone"), "anonymous does not see the phone"));
  }

  @Test
  @DisplayName("finding 5: protectedFields \"userField:owner\" shows the owner of an object what others may not see")
  void userFieldProtectedFields() {
    User owner = signUp(new JsonObject());
    User other = signUp(new JsonObject());
    String mine = create("Doc5", new JsonObject().put("name", "mine").put("salary", 1).put("owner", pointer("_User", owner.id())));
    String theirs = create("Doc5", new JsonObject().put("name", "theirs").put("salary", 2).put("owner", pointer("_User", other.id())));
    permissions("Doc5", open().put("protectedFields", new JsonObject()
        .put("*", new JsonArray().add("salary")).put("userField:owner", new JsonArray())));
    JsonArray found = owner.api().get("/parse/classes/Doc5").json().getJsonArray("results");
    JsonObject own = found.stream().map(JsonObject.class::cast).filter(o -> mine.equals(o.getString("objectId"))).findFirst().orElseThrow();
    JsonObject foreign = found.stream().map(JsonObject.class::cast).filter(o -> theirs.equals(o.getString("objectId"))).findFirst().orElseThrow();
    assertAll(
        () -> assertEquals(1, own.getInteger("salary"), "the owner sees the salary of its own object: " + own),
        () -> assertNull(foreign.getValue("salary"), "not the salary of another's: " + foreign),
        () -> assertEquals(1, owner.api().get("/parse/classes/Doc5/" + mine).json().getInteger("salary"), "the owner sees it on a get too"));
  }

  // ----------------------------------------------------------------------------------------------- finding 6

  @Test
  @DisplayName("finding 6: a query inside /batch obeys max_limit, max_include_depth and max_or_clauses as the direct call does")
  void batchObeysQueryLimits() {
    for (int i = 0; i < 5; i++) {
      create("Many6", new JsonObject().put("n", i));
    }
    JsonObject tooMany = new JsonObject().put("limit", 1000);
    JsonObject tooDeep = new JsonObject().put("include", "a.b.c");
    JsonObject tooWide = new JsonObject().put("where", new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put("n", 1)).add(new JsonObject().put("n", 2)).add(new JsonObject().put("n", 3)).add(new JsonObject().put("n", 4))));
    // the direct calls, as the rules have them
    assertEquals(3, anonymous.get("/parse/classes/Many6", Map.of("limit", "1000")).json().getJsonArray("results").size());
    assertEquals(102, anonymous.get("/parse/classes/Many6", Map.of("include", "a.b.c")).json().getInteger("code"));
    assertEquals(102, anonymous.get("/parse/classes/Many6", Map.of("where", tooWide.getJsonObject("where").encode())).json().getInteger("code"));

    JsonArray slots = batch(anonymous, find("Many6", tooMany), find("Many6", tooDeep), find("Many6", tooWide));
    assertAll(
        () -> assertEquals(3, slots.getJsonObject(0).getJsonObject("success", new JsonObject()).getJsonArray("results", new JsonArray()).size(),
            "max_limit caps a batched find: " + slots.getJsonObject(0)),
        () -> assertEquals(102, slots.getJsonObject(1).getJsonObject("error", new JsonObject()).getInteger("code"),
            "an include deeper than max_include_depth: " + slots.getJsonObject(1)),
        () -> assertEquals(102, slots.getJsonObject(2).getJsonObject("error", new JsonObject()).getInteger("code"),
            "more $or clauses than max_or_clauses: " + slots.getJsonObject(2)));
  }

  @Test
  @DisplayName("finding 6: logins inside /batch count against the rate limit with direct ones; those over it answer 100 (Too many requests, as a direct call does) in their slot")
  void batchObeysRateLimits() {
    User user = signUp(new JsonObject());
    // a client address of its own, so that no other test's logins count
    Api client = anonymous.header("X-Forwarded-For", "198.51.100.6");
    JsonObject credentials = new JsonObject().put("username", user.username()).put("password", "pass-" + user.username());
    for (int i = 0; i < 2; i++) {
      Api.Response direct = client.post("/parse/login", credentials);
      assertEquals(200, direct.status(), "within the limit: " + direct.text());
    }
    JsonObject login = new JsonObject().put("method", "POST").put("path", "/parse/login").put("body", credentials);
    JsonArray slots = batch(client, login, login.copy(), login.copy());
    int through = 0;
    List<Integer> refusals = new ArrayList<>();
    for (Object slot : slots) {
      JsonObject answer = (JsonObject) slot;
      if (answer.containsKey("success")) {
        through++;
      } else {
        refusals.add(answer.getJsonObject("error").getInteger("code"));
      }
    }
    assertEquals(1, through, LOGIN_RULE + ": two direct logins leave one for the batch, got " + slots);
    assertEquals(List.of(100, 100), refusals, "the batched logins over the limit: " + slots);
    Api.Response after = client.post("/parse/login", credentials);
    assertEquals(429, after.status(), "the batch spent the allowance: " + after.text());
  }

  @Test
  @DisplayName("finding 6: a call refused inside /batch answers what it answers on its own, not code 1")
  void batchKeepsRefusals() {
    Api.Response direct = anonymous.get("/parse/aggregate/Many6", Map.of("distinct", "n"));
    assertEquals(403, direct.status(), direct.text());
    JsonObject slot = batch(anonymous, new JsonObject().put("method", "GET").put("path", "/parse/aggregate/Many6")
        .put("body", new JsonObject().put("distinct", "n"))).getJsonObject(0);
    JsonObject error = slot.getJsonObject("error");
    assertTrue(error != null, "refused in a batch too: " + slot);
    assertNotEquals(1, error.getInteger("code"), "an internal error stands for the refusal: " + slot);
    assertEquals(direct.json().getString("error"), error.getString("error"), "the refusal's message: " + slot);
  }

  private static JsonObject find(String className, JsonObject params) {
    return new JsonObject().put("method", "GET").put("path", "/parse/classes/" + className).put("body", params);
  }

  private static JsonArray batch(Api api, JsonObject... requests) {
    Api.Response answer = api.post("/parse/batch", new JsonObject().put("requests", new JsonArray(List.of((Object[]) requests))));
    assertEquals(200, answer.status(), answer.text());
    return new JsonArray(answer.text());
  }

  // ----------------------------------------------------------------------------------------------- finding 7

  @Test
  @DisplayName("finding 7: a LiveQuery connect with the master key from a refused network is refused (4) and hears no private object")
  void liveQueryMasterKeyFromRefusedNetwork() throws Exception {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("master_key_ips", "10.9.0.0/16"); // this test's 127.0.0.1 is not in it
    settings.put("livequery_classes", "Note7");
    settings.put("allow_client_class_creation", "true");
    Node refusing = TestNodes.startReady(settings);
    WebSocketClient sockets = refusing.vertx().createWebSocketClient();
    try {
      Api api = Api.at(refusing.config().port());
      assertEquals(403, api.asMaster().get("/parse/classes/Note7").status(), "the REST API refuses this network's master key");
      JsonObject signedUp = api.post("/parse/users", new JsonObject().put("username", "owner7").put("password", "owner7-pass")).json();
      Api owner = api.header("X-Parse-Session-Token", signedUp.getString("sessionToken"));
      JsonObject onlyOwner = new JsonObject().put(signedUp.getString("objectId"), new JsonObject().put("read", true).put("write", true));
      assertEquals(201, owner.post("/parse/classes/Note7", new JsonObject().put("text", "setup").put("ACL", onlyOwner)).status());

      List<JsonObject> received = new CopyOnWriteArrayList<>();
      WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(refusing.config().port())
          .setURI("/parse")).await(10, TimeUnit.SECONDS);
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID)
          .put("masterKey", TestNodes.MASTER_KEY).encode());
      Received.await(received, 1, 10_000);
      JsonObject connect = received.get(0);
      String leaked = null;
      if ("connected".equals(connect.getString("op"))) {
        // a refused key must not act as master: see what such a connection would hear
        socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
            .put("query", new JsonObject().put("className", "Note7").put("where", new JsonObject())).encode());
        Received.await(received, 2, 10_000);
        if ("subscribed".equals(received.get(1).getString("op"))) {
          owner.post("/parse/classes/Note7", new JsonObject().put("text", "the owner's private note").put("ACL", onlyOwner));
          String fence = owner.post("/parse/classes/Note7", new JsonObject().put("text", "a public note")).json().getString("objectId");
          long deadline = System.currentTimeMillis() + 10_000;
          while (received.stream().noneMatch(m -> m.containsKey("object") && fence.equals(m.getJsonObject("object").getString("objectId")))
              && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
          }
          leaked = received.stream().filter(m -> m.containsKey("object"))
              .filter(m -> "the owner's private note".equals(m.getJsonObject("object").getString("text"))).findFirst()
              .map(JsonObject::encode).orElse(null);
        }
      }
      String leak = leaked;
      assertAll(
          () -> assertNull(leak, "a connection with a refused master key heard another user's private object: " + leak),
          () -> assertEquals("error", connect.getString("op"), "the connect answered " + connect.encode()),
          () -> assertEquals(4, connect.getInteger("code"), "the connect answered " + connect.encode()));
      socket.close();
    } finally {
      sockets.close();
      refusing.stop();
    }
  }

  // ----------------------------------------------------------------------------------------------- finding 8

  @Test
  @DisplayName("finding 8: X-Forwarded-For sent as two header lines is read whole: a line of the client's own does not make it loopback")
  void forwardedForOnTwoLines() throws IOException {
    int port = node.config().port();
    // a proxy that adds its own line puts the client's real address last; the client's forged line comes first
    Response spoofed = rawPost(port, "Spoof8a", List.of("X-Forwarded-For: 127.0.0.1", "X-Forwarded-For: 203.0.113.9"));
    Response reversed = rawPost(port, "Spoof8b", List.of("X-Forwarded-For: 203.0.113.9", "X-Forwarded-For: 127.0.0.1"));
    Response local = rawPost(port, "Spoof8c", List.of());
    assertAll(
        () -> assertEquals(403, spoofed.status(), "a forged first line passed the client as loopback: " + spoofed),
        () -> assertEquals(0, count("Spoof8a"), "the spoofed master-key call wrote an object"),
        () -> assertEquals(403, reversed.status(), "lines in the other order: " + reversed),
        () -> assertEquals(201, local.status(), "the same request from loopback without a proxy header is the master key's: " + local));
  }

  private record Response(int status, String text) {
  }

  /** A POST with the master key over a plain socket, with the header lines given as they are (repeated names too). */
  private static Response rawPost(int port, String className, List<String> extraHeaders) throws IOException {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder("POST /parse/classes/" + className + " HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("X-Parse-Application-Id: ").append(TestNodes.APP_ID).append("\r\n")
        .append("X-Parse-Master-Key: ").append(TestNodes.MASTER_KEY).append("\r\n");
    extraHeaders.forEach(line -> request.append(line).append("\r\n"));
    request.append("Content-Type: application/json\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n")
        .append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      String text = answer.toString(StandardCharsets.UTF_8);
      return new Response(Integer.parseInt(text.substring(9, 12)), text);
    }
  }

  private static int count(String className) {
    Api.Response counted = master.get("/parse/classes/" + className, Map.of("count", "1", "limit", "0"));
    assertEquals(200, counted.status(), counted.text());
    return counted.json().getInteger("count");
  }
}
