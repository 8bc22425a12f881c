package dev.parsec.auth;

import dev.parsec.config.AuthSettings;
import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the authData a client sends for one provider, as Parse Server's adapters do: an anonymous
 * id as is; Apple and Google identity tokens (JWTs) by their signature against the provider's
 * published keys, their issuer, their audience (this app's client ids) and their subject (the id
 * claimed); Facebook access tokens by asking the Graph API whose token it is and for which app, or a
 * Limited Login JWT like Apple's. A token that does not check out is refused with 101.
 */
public final class AuthProviders {

  private static final Set<String> APPLE_ISSUERS = Set.of("https://appleid.apple.com");
  private static final Set<String> GOOGLE_ISSUERS = Set.of("accounts.google.com", "https://accounts.google.com");
  private static final Set<String> FACEBOOK_ISSUERS = Set.of("https://www.facebook.com", "https://facebook.com");

  private final AuthSettings settings;
  private final WebClient http;
  private final Map<String, Jwks> keys;

  public AuthProviders(Vertx vertx, AuthSettings settings) {
    this.settings = settings;
    this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setUserAgent("Parsec"));
    this.keys = Map.of(
        "apple", new Jwks(vertx, http, settings.appleJwksUrl()),
        "google", new Jwks(vertx, http, settings.googleJwksUrl()),
        "facebook", new Jwks(vertx, http, settings.facebookJwksUrl()));
  }

  /** Whether a provider is known and enabled here. */
  public boolean supports(String provider) {
    return switch (provider) {
      case "anonymous" -> settings.anonymousUsers();
      case "apple" -> !settings.appleClientIds().isEmpty();
      case "google" -> !settings.googleClientIds().isEmpty();
      case "facebook" -> !settings.facebookAppIds().isEmpty();
      default -> false;
    };
  }

  /** Succeeds when the provider vouches for data's id; fails with Parse's error otherwise. */
  public Future<Void> validate(String provider, JsonObject data) {
    if (!supports(provider)) {
      return Future.failedFuture(unsupported());
    }
    String id = data.getString("id");
    return switch (provider) {
      case "anonymous" -> Future.succeededFuture();
      case "apple" -> idToken("apple", data.getValue("token"), id, APPLE_ISSUERS, settings.appleClientIds());
      case "google" -> idToken("google", data.getValue("id_token"), id, GOOGLE_ISSUERS, settings.googleClientIds());
      default -> data.getValue("token") != null
          ? idToken("facebook", data.getValue("token"), id, FACEBOOK_ISSUERS, settings.facebookAppIds())
          : graph(data.getValue("access_token"), id);
    };
  }

  public static ParseException unsupported() {
    return new ParseException(ParseException.UNSUPPORTED_SERVICE, "This authentication method is unsupported.");
  }

  private Future<Void> idToken(String provider, Object token, String id, Set<String> issuers, List<String> audiences) {
    if (!(token instanceof String jwt) || jwt.isEmpty()) {
      return Future.failedFuture(Jwks.invalid(provider + " auth: an identity token is required"));
    }
    return keys.get(provider).verify(jwt).map(claims -> {
      if (!issuers.contains(claims.getString("iss"))) {
        throw Jwks.invalid(provider + " auth: the token was not issued by " + provider);
      }
      if (!audienceMatches(claims.getValue("aud"), audiences)) {
        throw Jwks.invalid(provider + " auth: the token was issued for another app");
      }
      if (!id.equals(claims.getString("sub"))) {
        throw Jwks.invalid(provider + " auth: the token is not for this user");
      }
      return null;
    });
  }

  private static boolean audienceMatches(Object aud, List<String> audiences) {
    if (aud instanceof String single) {
      return audiences.contains(single);
    }
    return aud instanceof JsonArray several && several.stream().anyMatch(audiences::contains);
  }

  /** A Facebook access token: the Graph API tells whose it is, and which app it was issued to. */
  private Future<Void> graph(Object accessToken, String id) {
    if (!(accessToken instanceof String token) || token.isEmpty()) {
      return Future.failedFuture(Jwks.invalid("facebook auth: an access token is required"));
    }
    String base = settings.facebookGraphUrl().replaceFirst("/$", "");
    return graphGet(base + "/me", token, "id").compose(userId -> {
      if (!id.equals(userId)) {
        return Future.failedFuture(Jwks.invalid("facebook auth: the token is not for this user"));
      }
      return graphGet(base + "/app", token, "id");
    }).map(appId -> {
      if (!settings.facebookAppIds().contains(appId)) {
        throw Jwks.invalid("facebook auth: the token was issued for another app");
      }
      return null;
    });
  }

  private Future<String> graphGet(String url, String token, String field) {
    return http.getAbs(url).addQueryParam("fields", field).addQueryParam("access_token", token).timeout(10_000).send()
        .transform(result -> {
          if (result.failed() || result.result().statusCode() != 200) {
            return Future.failedFuture(Jwks.invalid("facebook auth: the access token is invalid"));
          }
          JsonObject body = result.result().bodyAsJsonObject();
          return Future.succeededFuture(body == null ? null : body.getString(field));
        });
  }
}
