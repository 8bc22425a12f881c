package dev.parsec.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("The gateway: request ids, access log, CORS, security headers, limits, timeouts, TLS with HTTP/2")
class GatewayTest {

  private static DatabaseUrl database;
  private static Node node;
  private static Api client;
  private static Api master;
  private static final ListAppender<ILoggingEvent> ACCESS = new ListAppender<>();

  @BeforeAll
  static void start() {
    ((Logger) LoggerFactory.getLogger("parsec.access")).addAppender(ACCESS);
    ACCESS.start();
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(Map.of("max_body_size", "64kb", "max_include_depth", "2", "max_or_clauses", "3", "max_limit", "5",
        "request_timeout", "2", "allow_client_class_creation", "true"));
    node = TestNodes.start(settings);
    client = Api.at(node.config().port());
    master = client.asMaster();
    client.awaitReady();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("a request id is kept when sane, made otherwise, answered, and in the access log line with no secret")
  void requestIdsAndAccessLog() throws Exception {
    Api.Response given = client.header("X-Request-Id", "lb-1234").get("/parse/classes/Thing?where=%7B%22token%22%3A%22secret%22%7D");
    assertEquals("lb-1234", given.header("X-Request-Id"));
    Api.Response made = client.header("X-Request-Id", "bad id with spaces <script>").get("/parse/classes/Thing");
    assertNotNull(made.header("X-Request-Id"));
    assertFalse(made.header("X-Request-Id").contains(" "));

    ILoggingEvent line = awaitAccessLine("lb-1234");
    Map<String, Object> fields = new java.util.HashMap<>();
    line.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
    assertEquals("GET", fields.get("method"));
    assertEquals("/parse/classes/Thing", fields.get("path"), "the query string (keys, tokens) is never logged");
    assertEquals(200, fields.get("status"));
    assertEquals("127.0.0.1", fields.get("client"));
    assertTrue(((Number) fields.get("durationMs")).doubleValue() >= 0);
  }

  @Test
  @DisplayName("CORS: a browser's preflight is answered for any origin with the Parse headers; responses carry security headers")
  void corsAndSecurityHeaders() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.config().port() + "/parse/classes/Thing"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-parse-application-id, x-parse-session-token, content-type")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(preflight.statusCode() == 200 || preflight.statusCode() == 204, "preflight " + preflight.statusCode());
    assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    String allowed = preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
    assertTrue(allowed.contains("x-parse-session-token"), allowed);

    Api.Response plain = client.get("/parse/classes/Thing");
    assertEquals("nosniff", plain.header("X-Content-Type-Options"));
    assertEquals("DENY", plain.header("X-Frame-Options"));
  }

  @Test
  @DisplayName("CORS restricted: a call from another origin is a plain 403, logged as no error; a listed origin is served")
  void corsRestricted() throws Exception {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("cors_origins", "https://good.example");
    Node restricted = TestNodes.startReady(settings);
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + restricted.config().port();
      for (String path : List.of("/parse/classes/Thing", "/parse/anything", "/health")) {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(java.net.URI.create(base + path))
            .header("Origin", "https://evil.example").header("X-Parse-Application-Id", TestNodes.APP_ID).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), path + ": " + refused.body());
        assertEquals("origin not allowed (cors_origins)", new JsonObject(refused.body()).getString("error"));
      }
      HttpResponse<String> served = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/parse/classes/Thing"))
          .header("Origin", "https://good.example").header("X-Parse-Application-Id", TestNodes.APP_ID).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, served.statusCode(), served.body());
      assertEquals("https://good.example", served.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      JsonArray errors = Api.at(restricted.config().port()).asMaster().get("/parse/scriptlog", Map.of("level", "error", "size", "100"))
          .jsonArray();
      assertTrue(errors.stream().map(JsonObject.class::cast).noneMatch(line -> line.getString("message").contains("CORS")),
          errors.encode());
    } finally {
      restricted.stop();
    }
  }

  @Test
  @DisplayName("answers of 1 KB or more are gzipped for clients that accept gzip, and decompress to the same JSON")
  void compression() throws Exception {
    for (int i = 0; i < 20; i++) {
      master.post("/parse/classes/Zipped", new JsonObject().put("text", "a line of text that repeats " + i));
    }
    String url = "http://127.0.0.1:" + node.config().port() + "/parse/classes/Zipped?order=text";
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> plain = http.send(request(url).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(null, plain.headers().firstValue("Content-Encoding").orElse(null));
    assertTrue(plain.body().length >= 1024, "the answer is large enough to compress: " + plain.body().length);

    HttpResponse<byte[]> zipped = http.send(request(url).header("Accept-Encoding", "br, gzip").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null));
    assertEquals("accept-encoding", zipped.headers().firstValue("Vary").orElse("").toLowerCase());
    assertTrue(zipped.body().length < plain.body().length / 2, zipped.body().length + " bytes");
    byte[] unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes();
    assertEquals(new JsonObject(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8)),
        new JsonObject(new String(unzipped, java.nio.charset.StandardCharsets.UTF_8)));

    HttpResponse<byte[]> refused = http.send(request(url).header("Accept-Encoding", "gzip;q=0, identity").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(null, refused.headers().firstValue("Content-Encoding").orElse(null));
    HttpResponse<byte[]> small = http.send(request(url.replace("?order=text", "?limit=1")).header("Accept-Encoding", "gzip").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(null, small.headers().firstValue("Content-Encoding").orElse(null), "under 1 KB is sent as it is");
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(java.net.URI.create(url))
        .header("X-Parse-Application-Id", TestNodes.APP_ID).header("X-Parse-Master-Key", TestNodes.MASTER_KEY);
  }

  @Test
  @DisplayName("limits: a body over max_body_size is 413, malformed JSON 107, deep includes and many clauses 102, limit capped")
  void limits() {
    Api.Response big = master.post("/parse/classes/Thing", new JsonObject().put("blob", "x".repeat(70 * 1024)));
    assertEquals(413, big.status());
    assertEquals(0, TestDatabases.count(database, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'Thing'"
        + " AND EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'blob')"));
    Api.Response malformed = master.postRaw("/parse/classes/Thing", "{\"a\":", "application/json");
    assertEquals(400, malformed.status());
    assertEquals(107, malformed.json().getInteger("code"));

    for (int i = 0; i < 8; i++) {
      master.post("/parse/classes/Thing", new JsonObject().put("n", i));
    }
    assertEquals(102, client.get("/parse/classes/Thing", Map.of("include", "a.b.c")).json().getInteger("code"));
    assertEquals(200, client.get("/parse/classes/Thing", Map.of("include", "a.b")).status());
    JsonArray clauses = new JsonArray();
    for (int i = 0; i < 4; i++) {
      clauses.add(new JsonObject().put("n", i));
    }
    Api.Response many = client.get("/parse/classes/Thing", Map.of("where", new JsonObject().put("$or", clauses).encode()));
    assertEquals(102, many.json().getInteger("code"), many.text());
    assertEquals(5, client.get("/parse/classes/Thing", Map.of("limit", "1000")).json().getJsonArray("results").size(),
        "limit is capped at max_limit, as Parse Server's maxLimit caps it");
  }

  @Test
  @DisplayName("a write that cannot finish within request_timeout fails with 124 and leaves nothing written")
  void timeoutLeavesNothing() throws Exception {
    String id = master.post("/parse/classes/Locked", new JsonObject().put("n", 1)).json().getString("objectId");
    try (Connection holder = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      holder.setAutoCommit(false);
      holder.createStatement().execute("SELECT * FROM \"Locked\" WHERE \"objectId\" = '" + id + "' FOR UPDATE");
      Api.Response slow = master.put("/parse/classes/Locked/" + id, new JsonObject().put("n", 2));
      assertEquals(124, slow.json().getInteger("code"), slow.text());
      holder.rollback();
    }
    assertEquals(1, master.get("/parse/classes/Locked/" + id).json().getInteger("n"), "the timed-out update left nothing");
  }

  @Test
  @DisplayName("max_connections: a node keeps at most that many connections open and closes the next")
  void maxConnections() throws Exception {
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("max_connections", "2");
    Node limited = TestNodes.start(settings);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = new Socket("127.0.0.1", limited.config().port());
        socket.setSoTimeout(5_000);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(200);
      }
      List<String> answers = new ArrayList<>();
      for (Socket socket : sockets) {
        answers.add(firstLine(socket));
      }
      assertTrue(answers.get(0).startsWith("HTTP/1.1 200"), answers.toString());
      assertTrue(answers.get(1).startsWith("HTTP/1.1 200"), answers.toString());
      assertEquals("", answers.get(2), "the third connection is closed unanswered");
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      limited.stop();
    }
  }

  @Test
  @DisplayName("TLS from PEM files, with HTTP/2 negotiated by ALPN, HSTS, and LiveQuery events over wss")
  void tlsWithHttp2() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(Map.of("tls_cert", certificate.certificatePath(), "tls_key", certificate.privateKeyPath(),
        "livequery_classes", "Thing"));
    Node secure = TestNodes.start(settings);
    Vertx vertx = Vertx.vertx();
    try {
      var http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
          .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));
      var response = http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
              .setPort(secure.config().port()).setURI("/parse/classes/Thing")
              .putHeader("X-Parse-Application-Id", TestNodes.APP_ID))
          .compose(request -> request.send()).await(10, TimeUnit.SECONDS);
      assertEquals(HttpVersion.HTTP_2, response.version());
      assertEquals(200, response.statusCode());
      assertTrue(response.getHeader("Strict-Transport-Security").startsWith("max-age="));

      // LiveQuery events are written to the connection's channel below Vert.x: they must still pass TLS
      List<JsonObject> received = new java.util.concurrent.CopyOnWriteArrayList<>();
      // held, and closed at the end: Vert.x closes a client (and its connections) once it is unreachable,
      // which a collection during the handshake made of an unnamed one
      var sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
      var socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(secure.config().port()).setURI("/parse"))
          .await(10, TimeUnit.SECONDS);
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID).encode());
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
          .put("query", new JsonObject().put("className", "Thing").put("where", new JsonObject())).encode());
      Received.await(received, 2, 10_000);
      http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(secure.config().port())
              .setURI("/parse/classes/Thing").putHeader("X-Parse-Application-Id", TestNodes.APP_ID)
              .putHeader("X-Parse-Master-Key", TestNodes.MASTER_KEY).putHeader("Content-Type", "application/json"))
          .compose(request -> request.send(new JsonObject().put("secret", "sealed").encode())).await(10, TimeUnit.SECONDS);
      Received.await(received, 3, 10_000);
      assertEquals("create", received.get(2).getString("op"), received.toString());
      assertEquals("sealed", received.get(2).getJsonObject("object").getString("secret"));
      sockets.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await();
      secure.stop();
    }
  }

  /** The first line the server answered, or "" when it closed (or reset) the connection instead. */
  private static String firstLine(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    try {
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
    } catch (java.net.SocketException reset) {
      return line.toString().trim();
    }
    return line.toString().trim();
  }

  private static ILoggingEvent awaitAccessLine(String requestId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      for (ILoggingEvent event : List.copyOf(ACCESS.list)) {
        if (event.getKeyValuePairs() != null && event.getKeyValuePairs().stream().anyMatch(p -> requestId.equals(p.value))) {
          return event;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no access log line for " + requestId);
  }
}
