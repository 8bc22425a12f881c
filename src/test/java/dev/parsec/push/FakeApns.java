package dev.parsec.push;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * APNs as Apple documents its provider API: HTTP/2 only, POST /3/device/{64 hex characters}, a provider
 * token (ES256 JWT whose kid is the key's id and iss the team's, less than an hour old) signed by the
 * team's key, apns-topic required, header values in their ranges, a JSON payload with "aps" of at most
 * 4 KB. Answers with Apple's statuses and reasons: 410 Unregistered for a dead token.
 */
final class FakeApns extends FakeService {

  private static final Set<String> PUSH_TYPES = Set.of("alert", "background", "location", "voip", "complication",
      "fileprovider", "mdm", "liveactivity", "pushtotalk");
  private static final int MAX_PAYLOAD = 4096;

  private final PushKeys keys;
  private final Map<String, JwtCheck> checked = new java.util.concurrent.ConcurrentHashMap<>();

  FakeApns(Vertx vertx, SelfSignedCertificate certificate, PushKeys keys) {
    super(vertx, certificate);
    this.keys = keys;
  }

  @Override
  void handle(HttpServerRequest request, String body) {
    attempts.incrementAndGet();
    if (request.version() != HttpVersion.HTTP_2) {
      // Apple closes anything but HTTP/2; a client that got here spoke the wrong protocol
      refuse(request, 400, "BadRequest (HTTP/2 required)");
      return;
    }
    if (request.method() != HttpMethod.POST || !request.path().startsWith("/3/device/")) {
      refuse(request, 404, "BadPath");
      return;
    }
    String token = request.path().substring("/3/device/".length());
    String authorization = request.getHeader("authorization");
    if (authorization == null || !authorization.startsWith("bearer ")) {
      refuse(request, 403, "MissingProviderToken");
      return;
    }
    // a provider token is checked once, then known (as Apple does: providers reuse one for up to an hour)
    JwtCheck jwt = checked.computeIfAbsent(authorization.substring(7),
        jwtText -> JwtCheck.of(jwtText, keys.apns.getPublic(), "SHA256withECDSAinP1363Format"));
    long now = System.currentTimeMillis() / 1000;
    long iat = jwt.claims().getLong("iat", 0L);
    if (!jwt.signed() || !"ES256".equals(jwt.header().getString("alg"))
        || !PushKeys.APNS_KEY_ID.equals(jwt.header().getString("kid")) || !PushKeys.APNS_TEAM_ID.equals(jwt.claims().getString("iss"))) {
      refuse(request, 403, "InvalidProviderToken");
      return;
    }
    if (iat < now - 3600 || iat > now + 60) {
      refuse(request, 403, "ExpiredProviderToken");
      return;
    }
    String topic = request.getHeader("apns-topic");
    if (topic == null) {
      refuse(request, 400, "MissingTopic");
      return;
    }
    if (!topic.equals(PushKeys.APNS_TOPIC)) {
      refuse(request, 400, "TopicDisallowed");
      return;
    }
    String pushType = request.getHeader("apns-push-type");
    if (pushType != null && !PUSH_TYPES.contains(pushType)) {
      refuse(request, 400, "InvalidPushType");
      return;
    }
    String priority = request.getHeader("apns-priority");
    if (priority != null && !Set.of("1", "5", "10").contains(priority)) {
      refuse(request, 400, "BadPriority");
      return;
    }
    String expiration = request.getHeader("apns-expiration");
    if (expiration != null && !expiration.matches("\\d+")) {
      refuse(request, 400, "BadExpirationDate");
      return;
    }
    if (!token.matches("[0-9a-f]{64}")) {
      refuse(request, 400, "BadDeviceToken");
      return;
    }
    if (body.isEmpty()) {
      refuse(request, 400, "PayloadEmpty");
      return;
    }
    if (body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
      refuse(request, 413, "PayloadTooLarge");
      return;
    }
    JsonObject payload;
    try {
      payload = new JsonObject(body);
    } catch (DecodeException e) {
      refuse(request, 400, "BadRequest");
      return;
    }
    if (!(payload.getValue("aps") instanceof JsonObject)) {
      refuse(request, 400, "BadRequest");
      return;
    }
    if (deadTokens.contains(token)) {
      request.response().setStatusCode(410).putHeader("apns-id", UUID.randomUUID().toString())
          .end(new JsonObject().put("reason", "Unregistered").put("timestamp", System.currentTimeMillis()).encode());
      return;
    }
    Integer failure = queuedFailure(token);
    if (failure != null) {
      if (failure == 429) {
        request.response().putHeader("retry-after", "1");
      }
      answer(request, failure, new JsonObject().put("reason", failure == 429 ? "TooManyRequests" : "ServiceUnavailable"));
      return;
    }
    Map<String, String> headers = new HashMap<>();
    request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
    accept(new Delivered(token, payload, headers));
    request.response().putHeader("apns-id", UUID.randomUUID().toString()).end();
  }

  private void refuse(HttpServerRequest request, int status, String reason) {
    rejected.incrementAndGet();
    answer(request, status, new JsonObject().put("reason", reason));
  }
}
