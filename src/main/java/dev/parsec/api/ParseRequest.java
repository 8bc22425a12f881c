package dev.parsec.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * One API call in the form every SDK's request is reduced to: the keys and tokens from X-Parse-*
 * headers or from the JS SDK's underscore fields, the effective method (the JS SDK sends GET, PUT and
 * DELETE as POST with _method), and the JSON body without the underscore fields.
 */
public record ParseRequest(
    HttpMethod method,
    boolean master,
    String sessionToken,
    String installationId,
    String clientVersion,
    JsonObject body,
    JsonObject query) {

  public static final String KEY = "parsec.request";

  /**
   * The call's parameters: the query string for a plain GET, the body for the JS SDK's POST with
   * _method GET (where it sends where, order and limit as JSON values, not strings).
   */
  public JsonObject params() {
    return query.isEmpty() ? body : query;
  }
}
