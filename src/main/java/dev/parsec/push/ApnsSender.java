package dev.parsec.push;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.security.PrivateKey;

/**
 * APNs over HTTP/2 with token authentication: each notification is a POST to /3/device/{token}, signed
 * by a provider token (an ES256 JWT from the team's .p8 key) that is reused for 50 minutes, as Apple asks
 * (it refuses tokens older than an hour and throttles fresher ones). Apple's answers map to outcomes as
 * Parse Server's adapter maps them: 410 Unregistered and 400 BadDeviceToken mean the token is dead.
 */
final class ApnsSender implements PushSender {

  private static final long TOKEN_LIFETIME_MS = 50 * 60 * 1000;

  private final PushHttp http;
  private final String baseUrl;
  private final PrivateKey key;
  private final String keyId;
  private final String teamId;
  private final String topic;
  private String providerToken;
  private long providerTokenIssuedAt;

  ApnsSender(PushHttp http, String baseUrl, PrivateKey key, String keyId, String teamId, String topic) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.key = key;
    this.keyId = keyId;
    this.teamId = teamId;
    this.topic = topic;
  }

  @Override
  public Delivery prepare(PushMessage message) {
    ApnsPayload payload = ApnsPayload.of(message.data());
    Buffer shared = payload.body().toBuffer();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("apns-topic", payload.topic(topic))
        .add("apns-push-type", payload.pushType())
        .add("apns-priority", String.valueOf(payload.priority()))
        .add("content-type", "application/json");
    Object expiry = message.data().getValue("expiry");
    if (expiry instanceof Number seconds) {
      headers.add("apns-expiration", String.valueOf(seconds.longValue()));
    } else if (message.expiresAt() != null) {
      headers.add("apns-expiration", String.valueOf(message.expiresAt() / 1000));
    }
    if (payload.collapseId() != null) {
      headers.add("apns-collapse-id", payload.collapseId());
    }
    return device -> {
      if (device.appIdentifier() != null && !device.appIdentifier().equals(topic)) {
        // Apple would refuse it (DeviceTokenNotForTopic): the device belongs to another app
        return Future.succeededFuture(Outcome.failed("no APNs key for appIdentifier " + device.appIdentifier()));
      }
      Buffer body = message.badgeIncrement() != null && device.badge() != null
          ? payload.withBadge(device.badge()).toBuffer() : shared;
      MultiMap request = MultiMap.caseInsensitiveMultiMap().addAll(headers)
          .add("authorization", "bearer " + providerToken());
      return http.post(baseUrl + "/3/device/" + device.deviceToken(), request, body)
          .map(this::outcome)
          .otherwise(failure -> Outcome.retry("APNs unreachable: " + failure.getMessage(), -1));
    };
  }

  private Outcome outcome(PushHttp.Response response) {
    int status = response.status();
    if (status == 200) {
      return Outcome.SENT;
    }
    String reason = reason(response.body());
    if (status == 410 || (status == 400 && "BadDeviceToken".equals(reason))) {
      return Outcome.deadToken(reason);
    }
    if (status == 403 && ("ExpiredProviderToken".equals(reason) || "InvalidProviderToken".equals(reason))) {
      providerToken = null;
      return Outcome.retry(reason, 0);
    }
    if (status == 429 || status >= 500) {
      return Outcome.retry(reason, Outcome.retryAfter(response.headers().get("retry-after")));
    }
    return Outcome.failed(status + " " + reason);
  }

  /** The current provider token; a new one after 50 minutes, or once Apple called it expired. */
  private String providerToken() {
    long now = System.currentTimeMillis();
    if (providerToken == null || now - providerTokenIssuedAt > TOKEN_LIFETIME_MS) {
      providerToken = Jwt.es256(new JsonObject().put("kid", keyId),
          new JsonObject().put("iss", teamId).put("iat", now / 1000), key);
      providerTokenIssuedAt = now;
    }
    return providerToken;
  }

  private static String reason(Buffer body) {
    try {
      return body.length() == 0 ? "" : String.valueOf(new JsonObject(body).getValue("reason", ""));
    } catch (DecodeException | ClassCastException e) {
      return "";
    }
  }
}
