package dev.parsec.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.RawHttp;
import dev.parsec.support.Received;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The node here waits 3 s for a request's headers and 1 s on a silent connection, so that each
 * deadline can be told apart from the other: a test fails if its deadline is not the one that acts.
 * Its files are in PostgreSQL, streamed chunk by chunk: a download cut short would arrive short (a
 * file sent from disk by sendfile is finished even by a closing connection).
 */
@DisplayName("Connection timeouts: http_header_timeout against Slowloris, http_idle_timeout, and what neither cuts")
class ConnectionTimeoutsTest {

  private static final long HEADER_MS = 3_000;
  private static final long IDLE_MS = 1_000;
  private static DatabaseUrl database;
  private static Node node;
  private static int port;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    node = TestNodes.start(settings());
    port = node.config().port();
    Api.at(port).awaitReady();
  }

  private static Map<String, String> settings() {
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(Map.of("http_header_timeout", String.valueOf(HEADER_MS / 1000), "http_idle_timeout", String.valueOf(IDLE_MS / 1000),
        "livequery_classes", "Thing", "files_adapter", "postgres"));
    return settings;
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("a request trickled a byte every 200 ms is closed at the header timeout, though never idle")
  void slowHeadersAreCut() throws Exception {
    byte[] request = "GET /parse/classes/Thing HTTP/1.1\r\nHost: localhost\r\nX-Parse-Application-Id: test-app\r\n\r\n"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (RawHttp raw = RawHttp.connect(port)) {
      long opened = System.nanoTime();
      CompletableFuture<Long> closed = CompletableFuture.supplyAsync(() -> {
        try {
          return raw.awaitClosed();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      int sent = 0;
      // the slow client: the whole request would take 17 s at this pace
      while (!closed.isDone() && sent < request.length) {
        try {
          raw.out.write(request[sent++]);
          raw.out.flush();
        } catch (IOException closedUnderUs) {
          break;
        }
        Thread.sleep(200);
      }
      long after = TimeUnit.NANOSECONDS.toMillis(closed.get(15, TimeUnit.SECONDS) - opened);
      assertTrue(after >= HEADER_MS - 300, "bytes kept arriving, so the idle timeout does not apply; closed after " + after + " ms");
      assertTrue(after <= HEADER_MS + 2_000, "closed at the header timeout, after " + after + " ms");
      assertTrue(sent < request.length, "the request was never finished");
    }
  }

  @Test
  @DisplayName("a kept-alive connection that goes silent after its answer is closed at the idle timeout")
  void idleConnectionIsClosed() throws Exception {
    try (RawHttp raw = RawHttp.connect(port)) {
      raw.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      RawHttp.Response answer = raw.readResponse();
      long answered = System.nanoTime();
      assertEquals(200, answer.status());
      assertFalse("close".equalsIgnoreCase(answer.headers().get("connection")), "kept alive: " + answer.headers());
      long after = TimeUnit.NANOSECONDS.toMillis(raw.awaitClosed() - answered);
      assertTrue(after >= IDLE_MS - 200 && after <= HEADER_MS - 500, "closed at the idle timeout, after " + after + " ms");
    }
    try (RawHttp silent = RawHttp.connect(port)) {
      long opened = System.nanoTime();
      long after = TimeUnit.NANOSECONDS.toMillis(silent.awaitClosed() - opened);
      assertTrue(after >= IDLE_MS - 200 && after <= HEADER_MS - 500, "a connection that never sends is closed too, after " + after + " ms");
    }
  }

  @Test
  @DisplayName("a kept-alive client asking again and again is never cut, long past both timeouts")
  void busyKeepAliveIsKept() throws Exception {
    try (RawHttp raw = RawHttp.connect(port)) {
      long start = System.nanoTime();
      int answered = 0;
      while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(HEADER_MS + 2_000)) {
        raw.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(200, raw.readResponse().status(), "answer " + answered);
        answered++;
        Thread.sleep(IDLE_MS / 2); // a client thinking between calls, never as long as the idle timeout
      }
      assertTrue(answered >= 8, answered + " answers on one connection");
    }
  }

  @Test
  @DisplayName("a LiveQuery WebSocket outlives both timeouts once upgraded, and still answers")
  void webSocketIsNotCut() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var client = vertx.createWebSocketClient(new WebSocketClientOptions());
      WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/parse"))
          .await(10, TimeUnit.SECONDS);
      long connected = System.nanoTime();
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      AtomicLong closedAt = new AtomicLong();
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      socket.closeHandler(v -> closedAt.set(System.nanoTime()));
      socket.writeTextMessage(new JsonObject().put("op", "connect").put("applicationId", TestNodes.APP_ID).encode());
      Received.await(received, 1, 10_000);
      assertEquals("connected", received.get(0).getString("op"));

      // silent for longer than both timeouts
      long until = connected + TimeUnit.MILLISECONDS.toNanos(HEADER_MS + 1_500);
      while (System.nanoTime() < until && closedAt.get() == 0) {
        Thread.sleep(50);
      }
      assertEquals(0, closedAt.get(), "closed after " + TimeUnit.NANOSECONDS.toMillis(closedAt.get() - connected) + " ms");
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("requestId", 1)
          .put("query", new JsonObject().put("className", "Thing").put("where", new JsonObject())).encode());
      Received.await(received, 2, 10_000);
      assertEquals("subscribed", received.get(1).getString("op"), received.toString());
      client.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("a download read slowly but steadily for longer than both timeouts arrives whole")
  void slowDownloadIsNotCut() throws Exception {
    // more than the kernel's socket buffers hold (Linux lets a send buffer grow to 4 MB): most of the
    // file stays with the server, sent as this client makes room
    byte[] file = new byte[12 * 1024 * 1024];
    new Random(7).nextBytes(file);
    HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/parse/files/big.bin"))
        .header("X-Parse-Application-Id", TestNodes.APP_ID).header("X-Parse-Master-Key", TestNodes.MASTER_KEY)
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, uploaded.statusCode(), uploaded.body());
    String path = URI.create(new JsonObject(uploaded.body()).getString("url")).getRawPath();

    // a small receive buffer: the server's writes wait on this reader, they do not all fit in the kernel
    try (RawHttp raw = RawHttp.connect(port, 16 * 1024)) {
      long start = System.nanoTime();
      raw.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
      RawHttp.Head head = raw.readHead();
      assertEquals(200, head.status());
      assertEquals(file.length, head.contentLength());
      byte[] body = new byte[file.length];
      int read = 0;
      while (read < body.length) {
        int n = raw.in.read(body, read, Math.min(64 * 1024, body.length - read));
        if (n < 0) {
          break;
        }
        read += n;
        Thread.sleep(25); // at most 2.5 MB a second
      }
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(file.length, read, "cut after " + read + " bytes and " + took + " ms");
      assertArrayEquals(file, body);
      assertTrue(took > HEADER_MS + 500, "the download lasted past both timeouts: " + took + " ms");
    }
  }

  @Test
  @DisplayName("HTTP/2 over TLS: one connection serves calls past both timeouts, then is closed with a GOAWAY once idle")
  void http2() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    Map<String, String> settings = settings();
    settings.putAll(Map.of("tls_cert", certificate.certificatePath(), "tls_key", certificate.privateKeyPath()));
    Node secure = TestNodes.start(settings);
    Vertx vertx = Vertx.vertx();
    try {
      var http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
          .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2), new PoolOptions().setHttp2MaxSize(1));
      RequestOptions health = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(secure.config().port()).setURI("/health");
      List<HttpConnection> connections = new CopyOnWriteArrayList<>();
      long start = System.nanoTime();
      long lastAnswer = start;
      while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(HEADER_MS + 1_500)) {
        var response = http.request(health).compose(request -> {
          if (!connections.contains(request.connection())) {
            connections.add(request.connection());
          }
          return request.send();
        }).await(10, TimeUnit.SECONDS);
        assertEquals(HttpVersion.HTTP_2, response.version());
        assertEquals(200, response.statusCode());
        lastAnswer = System.nanoTime();
        Thread.sleep(IDLE_MS / 2);
      }
      assertEquals(1, connections.size(), "every call on one connection");

      HttpConnection connection = connections.get(0);
      AtomicLong goAway = new AtomicLong();
      AtomicLong closed = new AtomicLong();
      connection.goAwayHandler(frame -> goAway.set(System.nanoTime()));
      connection.closeHandler(v -> closed.set(System.nanoTime()));
      long deadline = lastAnswer + TimeUnit.MILLISECONDS.toNanos(HEADER_MS + 3_000);
      while (closed.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(closed.get() != 0, "the idle HTTP/2 connection was closed");
      assertTrue(goAway.get() != 0, "with a GOAWAY first");
      long after = TimeUnit.NANOSECONDS.toMillis(closed.get() - lastAnswer);
      assertTrue(after >= IDLE_MS - 300, "not before the idle timeout: " + after + " ms");
    } finally {
      vertx.close().await();
      secure.stop();
    }
  }

  @Test
  @DisplayName("max_connections counts a WebSocket's connection free again once it closes")
  void webSocketFreesItsConnectionSlot() throws Exception {
    Map<String, String> settings = settings();
    settings.put("max_connections", "1");
    Node limited = TestNodes.start(settings);
    Vertx vertx = Vertx.vertx();
    try {
      int limitedPort = limited.config().port();
      var client = vertx.createWebSocketClient(new WebSocketClientOptions());
      WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(limitedPort).setURI("/parse"))
          .await(10, TimeUnit.SECONDS);
      socket.close().await(10, TimeUnit.SECONDS);
      client.close().await(10, TimeUnit.SECONDS);

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline) {
        try (RawHttp raw = RawHttp.connect(limitedPort)) {
          raw.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
          status = raw.readResponse().status();
        } catch (IOException refused) {
          Thread.sleep(100);
        }
      }
      assertEquals(200, status, "a new connection is served once the WebSocket's is gone");
    } finally {
      vertx.close().await();
      limited.stop();
    }
  }
}
