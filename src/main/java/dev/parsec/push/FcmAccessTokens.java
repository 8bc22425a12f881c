package dev.parsec.push;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * OAuth 2.0 access tokens for FCM, obtained as Google's service accounts do (RFC 7523): a JWT assertion
 * signed with the account's RSA key, for the firebase.messaging scope, posted to the account's token URI.
 * A token is kept until five minutes before it expires; callers asking meanwhile share one request.
 * Used on one verticle's context only.
 */
final class FcmAccessTokens {

  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final long ASSERTION_LIFETIME_S = 3600;
  private static final long EARLY_REFRESH_MS = 5 * 60 * 1000;

  /** The token endpoint refused the account (a 4xx): retrying will not help. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final PushHttp http;
  private final ServiceAccount account;
  private String token;
  private long expiresAt;
  private Future<String> pending;

  FcmAccessTokens(PushHttp http, ServiceAccount account) {
    this.http = http;
    this.account = account;
  }

  Future<String> current() {
    if (token != null && System.currentTimeMillis() < expiresAt - EARLY_REFRESH_MS) {
      return Future.succeededFuture(token);
    }
    if (pending == null || pending.isComplete()) {
      pending = fetch();
    }
    return pending;
  }

  /** Forgets the token FCM just refused (401), so the next send gets a new one. */
  void invalidate(String refused) {
    if (refused != null && refused.equals(token)) {
      token = null;
    }
  }

  private Future<String> fetch() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject header = new JsonObject().put("typ", "JWT");
    if (account.privateKeyId() != null) {
      header.put("kid", account.privateKeyId());
    }
    String assertion = Jwt.rs256(header, new JsonObject()
        .put("iss", account.clientEmail())
        .put("scope", SCOPE)
        .put("aud", account.tokenUri())
        .put("iat", now)
        .put("exp", now + ASSERTION_LIFETIME_S), account.privateKey());
    Buffer form = Buffer.buffer("grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
        + "&assertion=" + assertion);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/x-www-form-urlencoded");
    return http.post(account.tokenUri(), headers, form).map(response -> {
      JsonObject body = json(response.body());
      if (response.status() != 200 || !(body.getValue("access_token") instanceof String access)) {
        String error = body.getString("error", "") + " " + body.getString("error_description", "");
        String message = "the OAuth token endpoint answered " + response.status() + " " + error.trim();
        if (response.status() >= 500 || response.status() == 429) {
          throw new IllegalStateException(message);
        }
        throw new Refused(message);
      }
      long lifetime = body.getValue("expires_in") instanceof Number n ? n.longValue() : ASSERTION_LIFETIME_S;
      token = access;
      expiresAt = System.currentTimeMillis() + lifetime * 1000;
      return access;
    });
  }

  private static JsonObject json(Buffer body) {
    try {
      return body.length() == 0 ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }
}
