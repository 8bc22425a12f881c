package dev.parsec.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fake push services share: an HTTPS server speaking HTTP/2 (ALPN) with a self-signed
 * certificate for localhost, the tokens a test declared dead or made to fail a few times first, what
 * was delivered, and how many requests were in flight at once.
 */
abstract class FakeService {

  /** A notification the fake accepted: the device token and what it carried. */
  record Delivered(String token, JsonObject body, Map<String, String> headers) {
  }

  final Set<String> deadTokens = ConcurrentHashMap.newKeySet();
  /** Per token, the statuses to answer before the fake accepts it (429, 503...). */
  final Map<String, Deque<Integer>> failFirst = new ConcurrentHashMap<>();
  final Queue<Delivered> delivered = new ConcurrentLinkedQueue<>();
  /** Off for the benchmark: then deliveries are only counted, and the fake's memory stays flat. */
  volatile boolean keepDeliveries = true;
  final AtomicInteger deliveries = new AtomicInteger();
  final AtomicInteger attempts = new AtomicInteger();
  final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();
  /** Milliseconds each answer waits, as a real service's round trip does. */
  volatile long answerDelayMs;

  private final Vertx vertx;
  private final SelfSignedCertificate certificate;
  private HttpServer server;

  FakeService(Vertx vertx, SelfSignedCertificate certificate) {
    this.vertx = vertx;
    this.certificate = certificate;
  }

  int start() {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(certificate.keyCertOptions());
    server = vertx.createHttpServer(options).connectionHandler(c -> connections.incrementAndGet()).requestHandler(request -> request.body().onSuccess(body -> {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      request.response().endHandler(v -> inFlight.decrementAndGet());
      Runnable answer = () -> handle(request, body.toString());
      if (answerDelayMs > 0) {
        vertx.setTimer(answerDelayMs, id -> answer.run());
      } else {
        answer.run();
      }
    })).listen().await();
    return server.actualPort();
  }

  void stop() {
    server.close().await();
  }

  /** The next failure status a test queued for this token, if any. */
  Integer queuedFailure(String token) {
    Deque<Integer> queue = failFirst.get(token);
    return queue == null ? null : queue.pollFirst();
  }

  void failFirst(String token, Integer... statuses) {
    failFirst.put(token, new ConcurrentLinkedDeque<>(List.of(statuses)));
  }

  void accept(Delivered delivery) {
    deliveries.incrementAndGet();
    if (keepDeliveries) {
      delivered.add(delivery);
    }
  }

  long deliveredTo(String token) {
    return delivered.stream().filter(d -> d.token().equals(token)).count();
  }

  void reset() {
    deadTokens.clear();
    failFirst.clear();
    delivered.clear();
    deliveries.set(0);
    attempts.set(0);
    rejected.set(0);
    mostInFlight.set(0);
    answerDelayMs = 0;
  }

  abstract void handle(HttpServerRequest request, String body);

  static Future<Void> answer(HttpServerRequest request, int status, JsonObject body) {
    return request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
