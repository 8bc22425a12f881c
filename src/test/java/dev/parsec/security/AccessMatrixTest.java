package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The access matrix of src/test/resources/access-matrix.json: every entry point (get, find, count, include,
 * sub-queries, order, keys, where, aggregate, cloud functions, LiveQuery, and each REST call again inside
 * /batch), as every caller, against what the security rules let that caller see. The table is the source
 * of truth; this class only builds its fixtures and runs its cells, one dynamic test per cell and caller,
 * named "entry · what · as caller" so that a failure names the hole it found.
 */
@DisplayName("The access matrix: every entry point, as every caller, shows exactly what the rules allow")
class AccessMatrixTest {

  private static final List<String> CALLER_ORDER = List.of("anonymous", "user", "roleMember", "otherUser", "master", "masterRefused");
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{([A-Za-z0-9_.]+)}}");
  private static final Pattern POINTER = Pattern.compile("Pointer:([A-Za-z_][A-Za-z0-9_]*):(.+)");
  private static final Object MISSING = new Object();
  private static final String LOG = "access-matrix-failures.txt";

  private static Node node;
  private static int port;
  private static JsonObject table;
  /** Held for the whole class: Vert.x closes a client (and its sockets) once it is unreachable. */
  private static WebSocketClient sockets;
  /** Fixture names (users, "user.session", objects) to their objectIds. */
  private static final Map<String, String> refs = new LinkedHashMap<>();
  private static final Map<String, String> tokens = new HashMap<>();
  /** Every failing test, one line each, written to target/access-matrix-failures.txt at the end. */
  private static final List<String> failures = new CopyOnWriteArrayList<>();
  private static int tests;

  @BeforeAll
  static void buildFixtures() {
    table = load();
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    // with Redis, a plain get goes through the object cache, which applies ACLs and protected fields itself
    settings.put("redis_url", TestRedis.url());
    table.getJsonObject("settings").forEach(setting -> settings.put(setting.getKey(), String.valueOf(setting.getValue())));
    node = TestNodes.startReady(settings);
    port = node.config().port();
    sockets = node.vertx().createWebSocketClient();
    for (Object step : table.getJsonArray("setup")) {
      setUp((JsonObject) step);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.stop();
    }
    List<String> lines = new ArrayList<>();
    lines.add(failures.size() + " of " + tests + " access-matrix tests failed");
    lines.addAll(failures);
    Path target = Path.of("target");
    Files.write((Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"))).resolve(LOG), lines);
    System.out.println(String.join(System.lineSeparator(), lines));
  }

  private static JsonObject load() {
    try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/access-matrix.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------- fixtures

  private static void setUp(JsonObject step) {
    if (step.containsKey("signUp")) {
      String name = step.getString("signUp");
      Api.Response created = Api.at(port).post("/parse/users", (JsonObject) resolve(step.getJsonObject("body")));
      require(created.status() == 201, step, created);
      refs.put(name, created.json().getString("objectId"));
      tokens.put(name, created.json().getString("sessionToken"));
      Api.Response session = Api.at(port).header("X-Parse-Session-Token", tokens.get(name)).get("/parse/sessions/me");
      require(session.status() == 200, step, session);
      refs.put(name + ".session", session.json().getString("objectId"));
      return;
    }
    Api api = callerApi(step.getString("as", "master"));
    boolean post = step.containsKey("post");
    String path = "/parse" + resolveText(post ? step.getString("post") : step.getString("put"));
    JsonObject body = (JsonObject) resolve(step.getJsonObject("body", new JsonObject()));
    Api.Response answer = post ? api.post(path, body) : api.put(path, body);
    require(answer.status() == step.getInteger("expect", post ? 201 : 200), step, answer);
    if (step.containsKey("ref")) {
      String id = step.containsKey("refHeader") ? answer.header(step.getString("refHeader")) : answer.json().getString("objectId");
      require(id != null, step, answer);
      refs.put(step.getString("ref"), id);
    }
  }

  private static void require(boolean ok, JsonObject step, Api.Response answer) {
    if (!ok) {
      throw new IllegalStateException("fixture step " + step.encode() + " answered " + answer);
    }
  }

  /** Templates and pointers of the table, resolved against the fixtures (and a cell's own objects). */
  private static Object resolve(Object value, Map<String, String> local) {
    if (value instanceof String text) {
      String resolved = resolveText(text, local);
      Matcher pointer = POINTER.matcher(resolved);
      return pointer.matches() ? pointer(pointer.group(1), pointer.group(2)) : resolved;
    }
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      object.forEach(entry -> copy.put(resolveText(entry.getKey(), local), resolve(entry.getValue(), local)));
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(resolve(item, local)));
      return copy;
    }
    return value;
  }

  private static Object resolve(Object value) {
    return resolve(value, Map.of());
  }

  private static String resolveText(String text) {
    return resolveText(text, Map.of());
  }

  private static String resolveText(String text, Map<String, String> local) {
    Matcher m = TEMPLATE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(lookup(m.group(1), local)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String lookup(String name, Map<String, String> local) {
    if (local.containsKey(name)) {
      return local.get(name);
    }
    if (refs.containsKey(name)) {
      return refs.get(name);
    }
    int dot = name.lastIndexOf('.');
    String token = dot < 0 ? null : tokens.get(name.substring(0, dot));
    if (token != null) {
      switch (name.substring(dot + 1)) {
        case "token":
          return token;
        case "tokenPrefix":
          return token.substring(0, 8);
        case "tokenMiss": {
          // 'r:' and six hex digits, the first of which differs from the token's
          char first = token.charAt(2);
          return "r:" + (first == '0' ? '1' : '0') + token.substring(3, 8);
        }
        default:
          break;
      }
    }
    throw new IllegalArgumentException("the table names {{" + name + "}}, which no fixture defines");
  }

  private static JsonObject pointer(String className, String id) {
    return new JsonObject().put("__type", "Pointer").put("className", className).put("objectId", id);
  }

  private static String refOf(String id) {
    for (Map.Entry<String, String> ref : refs.entrySet()) {
      if (ref.getValue().equals(id)) {
        return ref.getKey();
      }
    }
    return id;
  }

  // ----------------------------------------------------------------------------------------------- callers

  private static JsonObject caller(String name) {
    JsonObject caller = table.getJsonObject("callers").getJsonObject(name);
    if (caller == null) {
      throw new IllegalArgumentException("unknown caller " + name);
    }
    return caller;
  }

  private static Api callerApi(String name) {
    JsonObject caller = caller(name);
    Api api = Api.at(port);
    if (caller.containsKey("session")) {
      api = api.header("X-Parse-Session-Token", tokens.get(caller.getString("session")));
    }
    if (caller.getBoolean("master", false)) {
      api = api.asMaster();
    }
    if (caller.containsKey("forwardedFor")) {
      api = api.header("X-Forwarded-For", caller.getString("forwardedFor"));
    }
    return api;
  }

  // ----------------------------------------------------------------------------------------------- the cells

  @TestFactory
  Stream<DynamicNode> matrix() {
    List<DynamicNode> rows = new ArrayList<>();
    JsonArray cells = table.getJsonArray("cells");
    for (int i = 0; i < cells.size(); i++) {
      JsonObject cell = cells.getJsonObject(i);
      String entry = cell.getString("entry");
      boolean live = entry.startsWith("liveQuery");
      boolean oracle = cell.containsKey("oracle");
      String title = entry + " · " + (oracle ? "oracle: " + cell.getString("oracle") : cell.getString("label"));
      Map<String, Object> as = expectations(cell, live ? "liveQuery" : "rest");
      List<DynamicTest> row = new ArrayList<>();
      EventsRun events = entry.equals("liveQuery events") ? new EventsRun(cell, as) : null;
      for (Map.Entry<String, Object> column : as.entrySet()) {
        String who = column.getKey();
        Object expected = column.getValue();
        String name = title + " · as " + who;
        Executable test;
        if (events != null) {
          test = () -> events.check(who, expected);
        } else if (live) {
          test = () -> subscribeCell(cell, who, expected);
        } else if (oracle) {
          test = () -> oracleCell(cell, who, expected, false);
        } else {
          test = () -> restCell(cell, who, expected, false);
        }
        row.add(named(name, test));
      }
      if (!live && cell.getBoolean("batch", true)) {
        for (Map.Entry<String, Object> column : as.entrySet()) {
          String who = column.getKey();
          Object expected = column.getValue();
          String name = "batch · " + title + " · as " + who;
          row.add(named(name, oracle ? () -> oracleCell(cell, who, expected, true) : () -> restCell(cell, who, expected, true)));
        }
      }
      rows.add(DynamicContainer.dynamicContainer(title, row));
    }
    return rows.stream();
  }

  private static DynamicTest named(String name, Executable test) {
    tests++;
    return DynamicTest.dynamicTest(name, () -> {
      try {
        test.execute();
      } catch (Throwable e) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        failures.add(name + " -- " + (message.length() > 400 ? message.substring(0, 400) + "…" : message));
        // surefire names dynamic tests by number: the message names the cell
        throw new AssertionFailedError(name + " -- " + e.getMessage(), e);
      }
    });
  }

  /** The cell's callers in a fixed order, with the table's defaults for callers it does not name. */
  private static Map<String, Object> expectations(JsonObject cell, String kind) {
    JsonObject as = cell.getJsonObject("as").copy();
    JsonObject defaults = table.getJsonObject("defaults").getJsonObject(kind, new JsonObject());
    defaults.forEach(d -> {
      if (!as.containsKey(d.getKey())) {
        as.put(d.getKey(), d.getValue());
      }
    });
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String who : CALLER_ORDER) {
      if (as.containsKey(who)) {
        ordered.put(who, as.getValue(who));
      }
    }
    as.fieldNames().stream().filter(who -> !ordered.containsKey(who)).forEach(who -> ordered.put(who, as.getValue(who)));
    return ordered;
  }

  /** An expectation with its aliases replaced, and its templates resolved. */
  private static JsonObject expectation(Object expected) {
    if (expected instanceof String alias) {
      JsonObject named = table.getJsonObject("aliases").getJsonObject(alias);
      if (named == null) {
        throw new IllegalArgumentException("unknown expectation " + alias);
      }
      return expectation(named);
    }
    JsonObject exp = (JsonObject) resolve(expected);
    if (exp.getValue("anyOf") instanceof JsonArray options) {
      JsonArray resolved = new JsonArray();
      options.forEach(option -> resolved.add(expectation(option)));
      exp.put("anyOf", resolved);
    }
    return exp;
  }

  // ------------------------------------------------------------------------------------------------ REST

  /** What a call answered: its status (null for an error in a batch slot, which has none) and its body. */
  private record Observed(Integer status, Object body, boolean slot) {
    JsonObject json() {
      return body instanceof JsonObject object ? object : new JsonObject();
    }

    @Override
    public String toString() {
      String text = body instanceof JsonObject || body instanceof JsonArray ? Json.encode(body) : String.valueOf(body);
      text = text.length() > 700 ? text.substring(0, 700) + "…" : text;
      return (slot ? "batch slot " : "") + (status == null ? "error" : status) + " " + text;
    }
  }

  private static void restCell(JsonObject cell, String who, Object expected, boolean inBatch) {
    JsonObject params = (JsonObject) resolve(cell.getJsonObject("params", new JsonObject()));
    Observed answer = inBatch ? batch(cell, who, params) : direct(cell, who, params);
    verify(expectation(expected), answer, "");
  }

  private static void oracleCell(JsonObject cell, String who, Object expected, boolean inBatch) {
    JsonObject common = cell.getJsonObject("params", new JsonObject());
    JsonObject matchParams = (JsonObject) resolve(common.copy().mergeIn(cell.getJsonObject("match")));
    JsonObject missParams = (JsonObject) resolve(common.copy().mergeIn(cell.getJsonObject("miss")));
    Observed match = inBatch ? batch(cell, who, matchParams) : direct(cell, who, matchParams);
    Observed miss = inBatch ? batch(cell, who, missParams) : direct(cell, who, missParams);
    assertEquals(match.status(), miss.status(), "a hidden value that matches and one that does not are told apart by the status: "
        + "match answered " + match + ", miss answered " + miss);
    assertEquals(normal(match.body()), normal(miss.body()), "a hidden value that matches and one that does not are told apart by the body: "
        + "match answered " + match + ", miss answered " + miss);
    if (expected != null) {
      verify(expectation(expected), match, "");
    }
  }

  private static Object normal(Object body) {
    return body instanceof JsonObject || body instanceof JsonArray ? body : String.valueOf(body);
  }

  private static Observed direct(JsonObject cell, String who, JsonObject params) {
    Api api = withHeaders(callerApi(who), cell);
    String method = cell.getString("method", "GET");
    StringBuilder path = new StringBuilder("/parse").append(resolveText(cell.getString("path")));
    params.forEach(param -> path.append(path.indexOf("?") < 0 ? '?' : '&').append(param.getKey()).append('=')
        .append(URLEncoder.encode(param.getValue() instanceof String text ? text : Json.encode(param.getValue()), StandardCharsets.UTF_8)));
    Object body = cell.containsKey("body") ? resolve(cell.getValue("body")) : null;
    Api.Response response = api.send(method, path.toString(), body == null ? null : Json.encode(body), "application/json");
    return new Observed(response.status(), parse(response.text()), false);
  }

  /** The same call as the only sub-request of a /batch: its slot's answer, or the batch's own when it failed as a whole. */
  private static Observed batch(JsonObject cell, String who, JsonObject params) {
    Api api = withHeaders(callerApi(who), cell);
    String method = cell.getString("method", "GET");
    JsonObject sub = new JsonObject().put("method", method).put("path", "/parse" + resolveText(cell.getString("path")));
    if (method.equals("GET") || method.equals("DELETE")) {
      sub.put("body", params);
    } else {
      sub.put("body", resolve(cell.getValue("body", new JsonObject())));
    }
    Api.Response response = api.post("/parse/batch", new JsonObject().put("requests", new JsonArray().add(sub)));
    Object parsed = parse(response.text());
    if (response.status() != 200 || !(parsed instanceof JsonArray slots)) {
      return new Observed(response.status(), parsed, false);
    }
    if (slots.size() != 1 || !(slots.getValue(0) instanceof JsonObject slot)) {
      return new Observed(response.status(), parsed, false);
    }
    if (slot.containsKey("success")) {
      return new Observed(200, slot.getValue("success"), true);
    }
    return new Observed(null, slot.getValue("error"), true);
  }

  private static Api withHeaders(Api api, JsonObject cell) {
    JsonObject headers = (JsonObject) resolve(cell.getJsonObject("headers", new JsonObject()));
    for (Map.Entry<String, Object> header : headers) {
      api = api.header(header.getKey(), String.valueOf(header.getValue()));
    }
    return api;
  }

  private static Object parse(String text) {
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      return text;
    }
  }

  private static void verify(JsonObject exp, Observed answer, String context) {
    List<String> problems = problems(exp, answer);
    if (!problems.isEmpty()) {
      fail(context + String.join("; ", problems) + " -- answered " + answer);
    }
  }

  /** What differs between an answer and an expectation; empty when it meets it. */
  private static List<String> problems(JsonObject exp, Observed answer) {
    List<String> problems = new ArrayList<>();
    if (exp.getValue("anyOf") instanceof JsonArray options) {
      List<String> each = new ArrayList<>();
      for (Object option : options) {
        List<String> these = problems((JsonObject) option, answer);
        if (these.isEmpty()) {
          return these;
        }
        each.add(((JsonObject) option).encode() + ": " + String.join(", ", these));
      }
      problems.add("none of the allowed answers: " + String.join(" | ", each));
      return problems;
    }
    JsonObject body = answer.json();
    if (exp.containsKey("status")) {
      int want = exp.getInteger("status");
      if (answer.status() == null) {
        if (want < 400) {
          problems.add("expected success (" + want + "), got an error");
        }
      } else if (answer.status() != want) {
        problems.add("expected status " + want + ", got " + answer.status());
      }
    }
    if (exp.containsKey("code") && !exp.getValue("code").equals(body.getValue("code"))) {
      problems.add("expected code " + exp.getValue("code") + ", got " + body.getValue("code"));
    }
    if (exp.containsKey("notCode") && exp.getValue("notCode").equals(body.getValue("code"))) {
      problems.add("code " + body.getValue("code") + " is not the refusal the call gets on its own");
    }
    if (exp.containsKey("error") && !exp.getValue("error").equals(body.getValue("error"))) {
      problems.add("expected error '" + exp.getValue("error") + "', got '" + body.getValue("error") + "'");
    }
    List<JsonObject> results = results(body);
    List<String> found = results.stream().map(result -> refOf(String.valueOf(result.getValue("objectId")))).toList();
    if (exp.containsKey("ids")) {
      List<String> want = sorted(exp.getJsonArray("ids"));
      if (!body.containsKey("results") || !want.equals(found.stream().sorted().toList())) {
        problems.add("expected objects " + want + ", got " + found.stream().sorted().toList());
      }
    }
    if (exp.containsKey("idsInOrder") && (!body.containsKey("results") || !exp.getJsonArray("idsInOrder").getList().equals(found))) {
      problems.add("expected objects in order " + exp.getJsonArray("idsInOrder").getList() + ", got " + found);
    }
    if (exp.containsKey("includes")) {
      for (Object ref : exp.getJsonArray("includes")) {
        if (!found.contains(String.valueOf(ref))) {
          problems.add("expected " + ref + " among " + found);
        }
      }
    }
    if (exp.containsKey("excludes")) {
      for (Object ref : exp.getJsonArray("excludes")) {
        if (found.contains(String.valueOf(ref))) {
          problems.add("did not expect " + ref + " among " + found);
        }
      }
    }
    if (exp.containsKey("count") && !sameValue(exp.getValue("count"), body.getValue("count"))) {
      problems.add("expected count " + exp.getValue("count") + ", got " + body.getValue("count"));
    }
    if (exp.containsKey("size") && !(body.getValue("results") instanceof JsonArray all && all.size() == exp.getInteger("size"))) {
      problems.add("expected " + exp.getInteger("size") + " results");
    }
    if (exp.containsKey("at")) {
      problems.addAll(pathProblems(body, exp.getJsonObject("at"), ""));
    }
    if (exp.containsKey("objects")) {
      for (Map.Entry<String, Object> object : exp.getJsonObject("objects")) {
        String id = refs.getOrDefault(object.getKey(), object.getKey());
        JsonObject result = results.stream().filter(r -> id.equals(r.getValue("objectId"))).findFirst().orElse(null);
        if (result == null) {
          problems.add(object.getKey() + " is not in the answer, so its fields cannot be checked");
        } else {
          problems.addAll(pathProblems(result, (JsonObject) object.getValue(), object.getKey() + "."));
        }
      }
    }
    if (exp.containsKey("fields")) {
      JsonObject fields = exp.getJsonObject("fields");
      for (JsonObject result : results) {
        String ref = refOf(String.valueOf(result.getValue("objectId")));
        for (Object field : fields.getJsonArray("present", new JsonArray())) {
          if (result.getValue((String) field) == null) {
            problems.add(ref + " lacks " + field);
          }
        }
        for (Object field : fields.getJsonArray("absent", new JsonArray())) {
          if (result.getValue((String) field) != null) {
            problems.add(ref + " shows " + field + " = " + Json.encode(result.getValue((String) field)));
          }
        }
      }
    }
    return problems;
  }

  /** The objects of an answer: its results, or the answer itself when it is one object. */
  private static List<JsonObject> results(JsonObject body) {
    List<JsonObject> results = new ArrayList<>();
    if (body.getValue("results") instanceof JsonArray array) {
      array.forEach(item -> {
        if (item instanceof JsonObject object) {
          results.add(object);
        }
      });
    } else if (body.containsKey("objectId")) {
      results.add(body);
    }
    return results;
  }

  private static List<String> sorted(JsonArray refs) {
    return refs.stream().map(String::valueOf).sorted().toList();
  }

  private static List<String> pathProblems(Object root, JsonObject checks, String prefix) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Object> check : checks) {
      Object actual = walk(root, check.getKey());
      Object want = check.getValue();
      String where = prefix + check.getKey();
      String shown = actual == MISSING ? "absent" : Json.encode(actual);
      if ("<absent>".equals(want)) {
        if (actual != MISSING && actual != null) {
          problems.add(where + " should be absent, is " + shown);
        }
      } else if ("<present>".equals(want)) {
        if (actual == MISSING || actual == null) {
          problems.add(where + " should be present");
        }
      } else if ("<pointer>".equals(want)) {
        if (!(actual instanceof JsonObject pointer && pointer.size() == 3 && "Pointer".equals(pointer.getValue("__type"))
            && pointer.containsKey("className") && pointer.containsKey("objectId"))) {
          problems.add(where + " should stay a plain pointer, is " + shown);
        }
      } else if ("<object>".equals(want)) {
        if (!(actual instanceof JsonObject object && object.containsKey("objectId")
            && object.fieldNames().stream().anyMatch(key -> !List.of("__type", "className", "objectId").contains(key)))) {
          problems.add(where + " should be the included object, is " + shown);
        }
      } else if (!sameValue(want, actual)) {
        problems.add(where + " should be " + Json.encode(want) + ", is " + shown);
      }
    }
    return problems;
  }

  private static Object walk(Object root, String path) {
    Object at = root;
    for (String part : path.split("\\.")) {
      if (at instanceof JsonObject object && object.containsKey(part)) {
        at = object.getValue(part);
      } else if (at instanceof JsonArray array && part.matches("\\d+") && Integer.parseInt(part) < array.size()) {
        at = array.getValue(Integer.parseInt(part));
      } else {
        return MISSING;
      }
    }
    return at;
  }

  private static boolean sameValue(Object want, Object actual) {
    if (want instanceof Number a && actual instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return want == null ? actual == null : want.equals(actual);
  }

  // -------------------------------------------------------------------------------------------- LiveQuery

  /** One caller's LiveQuery connection: every message it received, in order. */
  private static final class LiveClient {
    final String who;
    final WebSocket socket;
    final List<JsonObject> received = new CopyOnWriteArrayList<>();

    LiveClient(String who) throws Exception {
      this.who = who;
      JsonObject caller = caller(who);
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/parse");
      if (caller.containsKey("forwardedFor")) {
        options.addHeader("X-Forwarded-For", caller.getString("forwardedFor"));
      }
      socket = sockets.connect(options).await(10, TimeUnit.SECONDS);
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      JsonObject connect = new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID);
      if (caller.containsKey("session")) {
        connect.put("sessionToken", tokens.get(caller.getString("session")));
      }
      if (caller.getBoolean("master", false)) {
        connect.put("masterKey", TestNodes.MASTER_KEY);
      }
      socket.writeTextMessage(connect.encode());
      awaitMessages(1);
    }

    JsonObject connectAnswer() {
      return received.get(0);
    }

    boolean connected() {
      return "connected".equals(connectAnswer().getString("op"));
    }

    /** Subscribes (request id 1) and answers what the server said to it. */
    JsonObject subscribe(JsonObject query) throws InterruptedException {
      JsonObject subscribe = new JsonObject().put("op", "subscribe").put("requestId", 1).put("query", query);
      JsonObject caller = caller(who);
      if (caller.containsKey("session")) {
        subscribe.put("sessionToken", tokens.get(caller.getString("session")));
      }
      socket.writeTextMessage(subscribe.encode());
      awaitMessages(2);
      return received.get(1);
    }

    List<JsonObject> events() {
      return received.stream().filter(m -> m.containsKey("object")).toList();
    }

    void awaitMessages(int count) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 10_000;
      while (received.size() < count && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(received.size() >= count, who + " expected " + count + " LiveQuery messages, got " + received);
    }

    void close() {
      socket.close();
    }
  }

  private static void subscribeCell(JsonObject cell, String who, Object expected) throws Exception {
    JsonObject exp = expectation(expected);
    JsonObject query = (JsonObject) resolve(cell.getJsonObject("query"));
    LiveClient client = new LiveClient(who);
    try {
      if (exp.containsKey("connectError")) {
        checkConnectRefused(client, exp, query);
        return;
      }
      assertTrue(client.connected(), who + " could not connect: " + client.received);
      verifyLive(exp, client.subscribe(query));
    } finally {
      client.close();
    }
  }

  /** A connect that must be refused; when it is not, what the connection could then subscribe to is told too. */
  private static void checkConnectRefused(LiveClient client, JsonObject exp, JsonObject query) throws InterruptedException {
    JsonObject answer = client.connectAnswer();
    if (exp.getValue("connectError").equals(answer.getValue("code")) && "error".equals(answer.getString("op"))) {
      return;
    }
    String then = client.connected() ? "; then subscribing to " + query.encode() + " answered " + client.subscribe(query).encode() : "";
    fail("the connect should be refused with code " + exp.getValue("connectError") + ", it answered " + answer.encode() + then);
  }

  private static void verifyLive(JsonObject exp, JsonObject answer) {
    if (exp.getValue("anyOf") instanceof JsonArray options) {
      for (Object option : options) {
        JsonObject o = (JsonObject) option;
        if (o.getValue("op").equals(answer.getValue("op")) && (!o.containsKey("code") || o.getValue("code").equals(answer.getValue("code")))) {
          return;
        }
      }
      fail("expected one of " + options.encode() + ", the subscription answered " + answer.encode());
    }
    assertEquals(exp.getString("op"), answer.getString("op"), "the subscription answered " + answer.encode());
    if (exp.containsKey("code")) {
      assertEquals(exp.getValue("code"), answer.getValue("code"), "the subscription answered " + answer.encode());
    }
  }

  /**
   * A LiveQuery events cell: every caller connects and subscribes, the master key makes the writes, and each
   * caller's events are kept. Run once, by the first of the cell's tests. The last write is a fence every
   * subscriber may read: once it arrived, every earlier event has (events reach a subscriber in order), so no
   * test needs to wait for an event that must not come.
   */
  private static final class EventsRun {
    private final JsonObject cell;
    private final Map<String, Object> as;
    private final Map<String, String> local = new HashMap<>();
    private final Map<String, String> classes = new HashMap<>();
    private final Map<String, JsonObject> connects = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> subscribes = new ConcurrentHashMap<>();
    private final Map<String, List<JsonObject>> events = new ConcurrentHashMap<>();
    private Throwable failed;
    private boolean ran;

    EventsRun(JsonObject cell, Map<String, Object> as) {
      this.cell = cell;
      this.as = as;
    }

    private synchronized void runOnce() {
      if (ran) {
        return;
      }
      ran = true;
      List<LiveClient> clients = new ArrayList<>();
      try {
        JsonObject query = (JsonObject) resolve(cell.getJsonObject("query"));
        for (String who : as.keySet()) {
          LiveClient client = new LiveClient(who);
          clients.add(client);
          connects.put(who, client.connectAnswer());
          if (client.connected()) {
            subscribes.put(who, client.subscribe(query));
          }
        }
        String fence = null;
        Api master = Api.at(port).asMaster();
        for (Object w : cell.getJsonArray("writes")) {
          JsonObject write = (JsonObject) w;
          JsonObject body = (JsonObject) resolve(write.getJsonObject("body"), local);
          Api.Response answer;
          if (write.containsKey("create")) {
            answer = master.post("/parse/classes/" + write.getString("create"), body);
            assertEquals(201, answer.status(), answer.text());
            local.put(write.getString("ref"), answer.json().getString("objectId"));
            classes.put(write.getString("ref"), write.getString("create"));
            fence = write.getString("ref");
          } else if (write.containsKey("schema")) {
            answer = master.put("/parse/schemas/" + write.getString("schema"), body);
            assertEquals(200, answer.status(), answer.text());
          } else {
            String ref = write.getString("update");
            answer = master.put("/parse/classes/" + classes.get(ref) + "/" + local.get(ref), body);
            assertEquals(200, answer.status(), answer.text());
          }
        }
        String fenceId = local.get(fence);
        long deadline = System.currentTimeMillis() + 10_000;
        for (LiveClient client : clients) {
          if (!"subscribed".equals(subscribes.getOrDefault(client.who, new JsonObject()).getString("op"))) {
            continue;
          }
          while (client.events().stream().noneMatch(e -> fenceId.equals(e.getJsonObject("object").getString("objectId")))
              && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
          }
          events.put(client.who, client.events());
        }
      } catch (Throwable e) {
        failed = e;
      } finally {
        clients.forEach(LiveClient::close);
      }
    }

    private String describe(JsonObject event) {
      String id = event.getJsonObject("object").getString("objectId");
      String ref = local.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst().orElse(id);
      return event.getString("op") + " " + ref;
    }

    void check(String who, Object expected) {
      runOnce();
      if (failed != null) {
        throw new AssertionError("the cell's subscriptions or writes failed: " + failed, failed);
      }
      JsonObject exp = expectation(expected);
      JsonObject connect = connects.get(who);
      List<String> got = events.getOrDefault(who, List.of()).stream().map(this::describe).toList();
      if (exp.containsKey("connectError")) {
        boolean refused = "error".equals(connect.getString("op")) && exp.getValue("connectError").equals(connect.getValue("code"));
        assertTrue(refused, "the connect should be refused with code " + exp.getValue("connectError") + ", it answered "
            + connect.encode() + "; the subscription answered " + subscribes.get(who) + " and received " + got);
        return;
      }
      assertEquals("connected", connect.getString("op"), "the connect answered " + connect.encode());
      JsonObject subscribed = subscribes.get(who);
      if (!exp.containsKey("events") && !exp.containsKey("eventsAnyOf")) {
        try {
          verifyLive(exp, subscribed);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; it then received " + got, e);
        }
        return;
      }
      assertEquals("subscribed", subscribed.getString("op"), "the subscription answered " + subscribed.encode());
      List<List<Object>> allowed = new ArrayList<>();
      if (exp.containsKey("events")) {
        allowed.add(exp.getJsonArray("events").getList());
      } else {
        exp.getJsonArray("eventsAnyOf").forEach(option -> allowed.add(((JsonArray) option).getList()));
      }
      assertTrue(allowed.contains(new ArrayList<Object>(got)), "expected the events " + (allowed.size() == 1 ? allowed.get(0) : "one of " + allowed)
          + ", received " + got + ": " + events.getOrDefault(who, List.of()));
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, Object> at : exp.getJsonObject("at", new JsonObject())) {
        List<JsonObject> mine = events.get(who);
        for (int i = mine.size() - 1; i >= 0; i--) {
          if (describe(mine.get(i)).equals(at.getKey())) {
            problems.addAll(pathProblems(mine.get(i), (JsonObject) at.getValue(), at.getKey() + ": "));
            break;
          }
        }
      }
      assertTrue(problems.isEmpty(), String.join("; ", problems) + " -- received " + events.get(who));
    }
  }
}
