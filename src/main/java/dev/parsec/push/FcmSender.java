package dev.parsec.push;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Set;

/**
 * FCM's HTTP v1 API: one POST of {"message": {...}} per device to
 * /v1/projects/{project}/messages:send, with a bearer token from the service account. Android devices
 * get the data message the Parse Android SDK reads (push_id, time, and the push's data as a JSON string),
 * as Parse Server's FCM adapter builds it. FCM's errors map to outcomes as that adapter maps them:
 * UNREGISTERED, or INVALID_ARGUMENT about the registration token, means the token is dead.
 */
final class FcmSender implements PushSender {

  /** APNs keys with integer values FCM would refuse inside data (Parse Server drops them too). */
  private static final Set<String> APNS_ONLY = Set.of("badge", "content-available", "mutable-content", "priority",
      "expiration_time");
  private static final long MAX_TTL_S = 4 * 7 * 24 * 3600;
  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PushHttp http;
  private final String sendUrl;
  private final FcmAccessTokens tokens;

  FcmSender(PushHttp http, String baseUrl, ServiceAccount account) {
    this.http = http;
    this.sendUrl = baseUrl + "/v1/projects/" + account.projectId() + "/messages:send";
    this.tokens = new FcmAccessTokens(http, account);
  }

  @Override
  public Delivery prepare(PushMessage message) {
    JsonObject android = android(message);
    return device -> tokens.current()
        .compose(token -> {
          Buffer body = new JsonObject().put("message", new JsonObject().put("token", device.deviceToken())
              .put("android", android)).toBuffer();
          MultiMap headers = MultiMap.caseInsensitiveMultiMap()
              .add("authorization", "Bearer " + token)
              .add("content-type", "application/json; charset=UTF-8");
          return http.post(sendUrl, headers, body).map(response -> outcome(response, token));
        })
        .otherwise(failure -> failure instanceof FcmAccessTokens.Refused refused
            ? Outcome.failed(refused.getMessage())
            : Outcome.retry("FCM unreachable: " + failure.getMessage(), -1));
  }

  /** The Android part of the message, shared by every device of the push. */
  static JsonObject android(PushMessage message) {
    JsonObject data = message.data().copy();
    APNS_ONLY.forEach(data::remove);
    long now = System.currentTimeMillis();
    JsonObject android = new JsonObject().put("priority", "HIGH").put("data", new JsonObject()
        .put("push_id", pushId())
        .put("time", Instant.ofEpochMilli(now).toString())
        .put("data", data.encode()));
    if (message.expiresAt() != null) {
      long ttl = Math.min(MAX_TTL_S, Math.max(0, (message.expiresAt() - now) / 1000));
      android.put("ttl", ttl + "s");
    }
    return android;
  }

  private Outcome outcome(PushHttp.Response response, String token) {
    int status = response.status();
    if (status == 200) {
      return Outcome.SENT;
    }
    JsonObject error = error(response.body());
    String code = errorCode(error);
    String message = error.getString("message", "");
    // only FCM's own verdict on the token: a 404 from a wrong URL or project must not wipe tokens
    if ("UNREGISTERED".equals(code)
        || ("INVALID_ARGUMENT".equals(code) && message.contains("registration token"))) {
      return Outcome.deadToken(code + " " + message);
    }
    if (status == 401) {
      tokens.invalidate(token);
      return Outcome.retry("UNAUTHENTICATED", 0);
    }
    if (status == 429 || status >= 500) {
      return Outcome.retry(code, Outcome.retryAfter(response.headers().get("retry-after")));
    }
    return Outcome.failed(status + " " + code + " " + message);
  }

  /** FCM's own error code (UNREGISTERED, QUOTA_EXCEEDED...) from the details, else the status name. */
  private static String errorCode(JsonObject error) {
    if (error.getValue("details") instanceof JsonArray details) {
      for (Object detail : details) {
        if (detail instanceof JsonObject d && d.getValue("errorCode") instanceof String code) {
          return code;
        }
      }
    }
    return error.getString("status", "");
  }

  private static JsonObject error(Buffer body) {
    try {
      Object error = body.length() == 0 ? null : new JsonObject(body).getValue("error");
      return error instanceof JsonObject e ? e : new JsonObject();
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  private static String pushId() {
    char[] id = new char[10];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }
}
