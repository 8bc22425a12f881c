package dev.parsec.auth;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The signing keys a provider publishes (a JWKS document), fetched without blocking and kept for an
 * hour; a token that fails against them makes one refetch, at most once a minute, since providers
 * rotate keys. Verifies a token's signature and expiry, and gives its claims.
 */
final class Jwks {

  private static final long KEEP_MILLIS = 3_600_000;
  private static final long REFETCH_MILLIS = 60_000;

  private final Vertx vertx;
  private final WebClient http;
  private final String url;
  private JWTAuth verifier;
  private long fetchedAt;

  Jwks(Vertx vertx, WebClient http, String url) {
    this.vertx = vertx;
    this.http = http;
    this.url = url;
  }

  /** The token's claims once its signature (RS256 or ES256, by a published key) and expiry check out. */
  Future<JsonObject> verify(String token) {
    long now = System.currentTimeMillis();
    Future<JWTAuth> keys = verifier != null && now - fetchedAt < KEEP_MILLIS ? Future.succeededFuture(verifier) : fetch();
    return keys.compose(auth -> claims(auth, token)).recover(failure ->
        System.currentTimeMillis() - fetchedAt < REFETCH_MILLIS ? Future.failedFuture(failure)
            : fetch().compose(auth -> claims(auth, token)));
  }

  private static Future<JsonObject> claims(JWTAuth auth, String token) {
    return auth.authenticate(new TokenCredentials(token)).map(user -> user.principal())
        .recover(failure -> Future.failedFuture(invalid("invalid token: " + failure.getMessage())));
  }

  private Future<JWTAuth> fetch() {
    fetchedAt = System.currentTimeMillis();
    return http.getAbs(url).timeout(10_000).send().map(response -> {
      if (response.statusCode() != 200) {
        throw invalid("cannot fetch the provider's keys (HTTP " + response.statusCode() + ")");
      }
      List<JsonObject> keys = new ArrayList<>();
      response.bodyAsJsonObject().getJsonArray("keys").forEach(key -> keys.add((JsonObject) key));
      verifier = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(keys));
      return verifier;
    }).recover(failure -> Future.failedFuture(failure instanceof ParseException ? failure
        : invalid("cannot fetch the provider's keys: " + failure.getMessage())));
  }

  static ParseException invalid(String why) {
    return new ParseException(ParseException.OBJECT_NOT_FOUND, why);
  }
}
