package dev.parsec.push;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FCM as the client meets it: Google's OAuth token endpoint, which grants an access token only for an
 * assertion signed by the service account's key (RS256, the account's email as issuer, the token URI as
 * audience, the firebase.messaging scope, at most an hour long), and the HTTP v1 send endpoint, which
 * takes only the tokens it granted and checks the message's shape as the API reference gives it.
 */
final class FakeFcm extends FakeService {

  private static final Set<String> MESSAGE_FIELDS = Set.of("name", "data", "notification", "android", "webpush", "apns",
      "fcm_options", "token", "topic", "condition");
  private static final Set<String> ANDROID_FIELDS = Set.of("collapse_key", "priority", "ttl", "restricted_package_name",
      "data", "notification", "fcm_options", "direct_boot_ok");

  private final PushKeys keys;
  private final Set<String> granted = ConcurrentHashMap.newKeySet();
  final AtomicInteger tokensGranted = new AtomicInteger();
  private volatile String tokenUri;

  FakeFcm(Vertx vertx, SelfSignedCertificate certificate, PushKeys keys) {
    super(vertx, certificate);
    this.keys = keys;
  }

  @Override
  int start() {
    int port = super.start();
    tokenUri = "https://localhost:" + port + "/token";
    return port;
  }

  String tokenUri() {
    return tokenUri;
  }

  @Override
  void handle(HttpServerRequest request, String body) {
    if (request.method() == HttpMethod.POST && request.path().equals("/token")) {
      token(request, body);
    } else if (request.method() == HttpMethod.POST && request.path().equals("/v1/projects/" + PushKeys.PROJECT_ID + "/messages:send")) {
      send(request, body);
    } else {
      answer(request, 404, error(404, "NOT_FOUND", "Requested entity was not found.", null));
    }
  }

  private void token(HttpServerRequest request, String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String contentType = String.valueOf(request.getHeader("content-type"));
    if (!contentType.startsWith("application/x-www-form-urlencoded")
        || !"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type")) || form.get("assertion") == null) {
      answer(request, 400, new JsonObject().put("error", "unsupported_grant_type").put("error_description", "Invalid grant_type."));
      return;
    }
    JwtCheck jwt = JwtCheck.of(form.get("assertion"), keys.fcm.getPublic(), "SHA256withRSA");
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = jwt.claims();
    long iat = claims.getLong("iat", 0L);
    long exp = claims.getLong("exp", 0L);
    String problem = !jwt.signed() ? "Invalid JWT Signature."
        : !"RS256".equals(jwt.header().getString("alg")) ? "Invalid JWT: alg must be RS256."
        : !PushKeys.CLIENT_EMAIL.equals(claims.getString("iss")) ? "Invalid JWT: iss is not the service account."
        : !tokenUri.equals(claims.getString("aud")) ? "Invalid JWT: aud must be the token URI."
        : !String.valueOf(claims.getString("scope")).contains("https://www.googleapis.com/auth/firebase.messaging") ? "Invalid scope."
        : iat > now + 60 || exp <= now || exp - iat > 3600 ? "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
        : jwt.header().containsKey("kid") && !PushKeys.PRIVATE_KEY_ID.equals(jwt.header().getString("kid")) ? "Invalid JWT: unknown key id."
        : null;
    if (problem != null) {
      rejected.incrementAndGet();
      answer(request, 400, new JsonObject().put("error", "invalid_grant").put("error_description", problem));
      return;
    }
    String access = "ya29." + UUID.randomUUID();
    granted.add(access);
    tokensGranted.incrementAndGet();
    answer(request, 200, new JsonObject().put("access_token", access).put("expires_in", 3599).put("token_type", "Bearer"));
  }

  private void send(HttpServerRequest request, String body) {
    attempts.incrementAndGet();
    String authorization = String.valueOf(request.getHeader("authorization"));
    if (!authorization.startsWith("Bearer ") || !granted.contains(authorization.substring(7))) {
      rejected.incrementAndGet();
      answer(request, 401, error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", null));
      return;
    }
    JsonObject message;
    String problem;
    try {
      JsonObject json = new JsonObject(body);
      message = json.getJsonObject("message");
      problem = json.fieldNames().stream().allMatch(f -> f.equals("message") || f.equals("validate_only"))
          ? invalidMessage(message) : "Invalid JSON payload received. Unknown name at top level.";
    } catch (DecodeException | ClassCastException e) {
      message = null;
      problem = "Invalid JSON payload received.";
    }
    if (problem != null) {
      rejected.incrementAndGet();
      answer(request, 400, error(400, "INVALID_ARGUMENT", problem, "INVALID_ARGUMENT"));
      return;
    }
    String token = message.getString("token");
    if (deadTokens.contains(token)) {
      answer(request, 404, error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"));
      return;
    }
    Integer failure = queuedFailure(token);
    if (failure != null) {
      if (failure == 429) {
        request.response().putHeader("retry-after", "1");
        answer(request, 429, error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", "QUOTA_EXCEEDED"));
      } else {
        answer(request, failure, error(failure, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"));
      }
      return;
    }
    accept(new Delivered(token, message, Map.of()));
    answer(request, 200, new JsonObject().put("name", "projects/" + PushKeys.PROJECT_ID + "/messages/0:" + UUID.randomUUID()));
  }

  /** The API reference's rules for a Message: what the real service answers INVALID_ARGUMENT for. */
  private static String invalidMessage(JsonObject message) {
    if (message == null) {
      return "Request contains an invalid argument: message is required.";
    }
    for (String field : message.fieldNames()) {
      if (!MESSAGE_FIELDS.contains(field)) {
        return "Invalid JSON payload received. Unknown name \"" + field + "\" at 'message'.";
      }
    }
    long targets = Set.of("token", "topic", "condition").stream().filter(message::containsKey).count();
    if (targets != 1) {
      return "Request contains an invalid argument: exactly one of token, topic or condition is required.";
    }
    if (!(message.getValue("token") instanceof String token) || token.isEmpty()) {
      return "The registration token is not a valid FCM registration token";
    }
    String data = stringMap(message.getValue("data"), "message.data");
    if (data != null) {
      return data;
    }
    if (message.getValue("android") != null) {
      if (!(message.getValue("android") instanceof JsonObject android)) {
        return "Invalid value at 'message.android'.";
      }
      for (String field : android.fieldNames()) {
        if (!ANDROID_FIELDS.contains(field)) {
          return "Invalid JSON payload received. Unknown name \"" + field + "\" at 'message.android'.";
        }
      }
      Object priority = android.getValue("priority");
      if (priority != null && !priority.equals("NORMAL") && !priority.equals("HIGH")) {
        return "Invalid value at 'message.android.priority' (type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority), \"" + priority + "\"";
      }
      Object ttl = android.getValue("ttl");
      if (ttl != null && !(ttl instanceof String text && text.matches("\\d+(\\.\\d{1,9})?s"))) {
        return "Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration), " + ttl;
      }
      return stringMap(android.getValue("data"), "message.android.data");
    }
    return null;
  }

  /** FCM data is map<string, string>: a number or an object inside is refused. */
  private static String stringMap(Object value, String where) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject map)) {
      return "Invalid value at '" + where + "'.";
    }
    for (Map.Entry<String, Object> entry : map) {
      if (!(entry.getValue() instanceof String)) {
        return "Invalid value at '" + where + "[" + entry.getKey() + "].value' (TYPE_STRING), " + entry.getValue();
      }
    }
    return null;
  }

  private static JsonObject error(int code, String status, String message, String fcmCode) {
    JsonObject error = new JsonObject().put("code", code).put("message", message).put("status", status);
    if (fcmCode != null) {
      error.put("details", new JsonArray().add(new JsonObject()
          .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError").put("errorCode", fcmCode)));
    }
    return new JsonObject().put("error", error);
  }
}
