package dev.parsec.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.RawHttp;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A wrong X-Parse-Application-Id header is refused before the body is read")
class AppIdCheckTest {

  private static final long DECLARED = 10L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;
  private static DatabaseUrl database;
  private static Node node;
  private static int port;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("allow_client_class_creation", "true");
    node = TestNodes.start(settings);
    port = node.config().port();
    Api.at(port).awaitReady();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  /** The bytes of the body sent when the answer arrived, the answer, and whether the server then closed. */
  private record Refusal(long sentWhenAnswered, RawHttp.Response answer, boolean closed) {
  }

  /**
   * Sends the head of a request declaring a 10 MB body, then the body slowly (64 KB every 20 ms, 10 MB
   * in about 3 s), until the server answers, closes, or all of it is sent.
   */
  private static Refusal sendSlowly(String head) throws Exception {
    try (RawHttp raw = RawHttp.connect(port)) {
      raw.send(head + "Content-Length: " + DECLARED + "\r\n\r\n");
      AtomicLong sent = new AtomicLong();
      CompletableFuture<Refusal> answered = CompletableFuture.supplyAsync(() -> {
        try {
          RawHttp.Response answer = raw.readResponse();
          long atAnswer = sent.get();
          boolean closed;
          try {
            raw.awaitClosed();
            closed = true;
          } catch (IOException stillOpen) {
            closed = false;
          }
          return new Refusal(atAnswer, answer, closed);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      byte[] chunk = "{\"a\":\"".concat("x".repeat(CHUNK - 6)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      while (!answered.isDone() && sent.get() < DECLARED) {
        try {
          raw.out.write(chunk, 0, (int) Math.min(chunk.length, DECLARED - sent.get()));
          raw.out.flush();
        } catch (IOException closedUnderUs) {
          break;
        }
        sent.addAndGet(Math.min(chunk.length, DECLARED - sent.get()));
        Thread.sleep(20);
      }
      return answered.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("JSON API: 403 {error: unauthorized} while most of a 10 MB body is still unsent, then the connection is closed")
  void jsonBodyIsNotRead() throws Exception {
    Refusal refusal = sendSlowly("POST /parse/classes/Thing HTTP/1.1\r\nHost: localhost\r\n"
        + "X-Parse-Application-Id: another-app\r\nContent-Type: application/json\r\n");
    assertTrue(refusal.sentWhenAnswered() < DECLARED / 10, "answered after " + refusal.sentWhenAnswered() + " bytes of the body");
    assertEquals(403, refusal.answer().status());
    assertEquals(new JsonObject().put("error", "unauthorized"), new JsonObject(refusal.answer().text()));
    assertEquals("close", refusal.answer().headers().get("connection"));
    assertTrue(refusal.closed(), "the connection is closed: the unread body cannot be followed by another request");
  }

  @Test
  @DisplayName("file upload: the same 403 at once, and the connection closed so that the client stops sending")
  void uploadIsNotRead() throws Exception {
    Refusal refusal = sendSlowly("POST /parse/files/big.txt HTTP/1.1\r\nHost: localhost\r\n"
        + "X-Parse-Application-Id: another-app\r\nContent-Type: text/plain\r\n");
    assertTrue(refusal.sentWhenAnswered() < DECLARED / 10, "answered after " + refusal.sentWhenAnswered() + " bytes of the body");
    assertEquals(403, refusal.answer().status());
    assertEquals(new JsonObject().put("error", "unauthorized"), new JsonObject(refusal.answer().text()));
    assertTrue(refusal.closed(), "the connection is closed, not left waiting for a body no one reads");
  }

  @Test
  @DisplayName("without the header (the JS SDK's keys in a text/plain body) the body is read and its key checked")
  void keysInTheBodyAreCheckedAfterReading() {
    Api anonymous = Api.at(port).header("X-Parse-Application-Id", null);
    Api.Response wrong = anonymous.postRaw("/parse/classes/Thing",
        new JsonObject().put("_method", "GET").put("_ApplicationId", "another-app").encode(), "text/plain");
    assertEquals(403, wrong.status());
    assertEquals("unauthorized", wrong.json().getString("error"));
    Api.Response right = anonymous.postRaw("/parse/classes/Thing",
        new JsonObject().put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).encode(), "text/plain");
    assertEquals(200, right.status(), right.text());
  }

  @Test
  @DisplayName("the right header passes, and file downloads (their URL names the app) do not look at the header")
  void rightHeaderAndDownloadsPass() {
    assertEquals(201, Api.at(port).post("/parse/classes/Thing", new JsonObject().put("n", 1)).status());
    Api.Response uploaded = Api.at(port).asMaster().postRaw("/parse/files/hello.txt", "hello", "text/plain");
    assertEquals(201, uploaded.status(), uploaded.text());
    String path = URI.create(uploaded.json().getString("url")).getRawPath();
    Api.Response download = Api.at(port).header("X-Parse-Application-Id", "another-app").get(path);
    assertEquals(200, download.status());
    assertEquals("hello", download.text());
  }

  @Test
  @DisplayName("HTTP/2: the stream is refused while its body is still coming, and the connection goes on serving")
  void http2StreamIsRefused() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(Map.of("tls_cert", certificate.certificatePath(), "tls_key", certificate.privateKeyPath()));
    Node secure = TestNodes.start(settings);
    Vertx vertx = Vertx.vertx();
    try {
      var http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
          .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2), new PoolOptions().setHttp2MaxSize(1));
      RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(secure.config().port())
          .setURI("/parse/classes/Thing").putHeader("X-Parse-Application-Id", "another-app")
          .putHeader("Content-Type", "application/json").putHeader("Content-Length", String.valueOf(DECLARED));
      HttpClientRequest request = http.request(post).await(10, TimeUnit.SECONDS);
      var answer = request.response().compose(response -> response.body()
          .map(body -> new JsonObject().put("status", response.statusCode()).put("body", body.toJsonObject())));
      // more than HTTP/2's initial window: the rest waits for a window the server never opens; the
      // reset that refuses the stream fails this write, as it should
      request.write(Buffer.buffer("{\"a\":\"" + "x".repeat(CHUNK) + "\""));
      JsonObject answered = answer.await(10, TimeUnit.SECONDS);
      assertEquals(403, answered.getInteger("status"));
      assertEquals(new JsonObject().put("error", "unauthorized"), answered.getJsonObject("body"));

      var health = http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(secure.config().port()).setURI("/health")).await(10, TimeUnit.SECONDS);
      assertSame(request.connection(), health.connection(), "the same HTTP/2 connection");
      assertEquals(200, health.send().await(10, TimeUnit.SECONDS).statusCode());
    } finally {
      vertx.close().await();
      secure.stop();
    }
  }
}
