package dev.parsec.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One API call in the form every SDK's request is reduced to: the keys and tokens from X-Parse-*
 * headers or from the JS SDK's underscore fields, the effective method (the JS SDK sends GET, PUT and
 * DELETE as POST with _method), the JSON body without the underscore fields, the path parameters,
 * inside a transactional batch (or an idempotent request) the connection its SQL must run on, and
 * for an idempotent write that records its answer itself, the record to write.
 */
public record ParseRequest(
    HttpMethod method,
    boolean master,
    String sessionToken,
    String installationId,
    String clientVersion,
    JsonObject body,
    JsonObject query,
    Map<String, String> pathParams,
    SqlClient transaction,
    String userId,
    List<String> roles,
    RecordedWrite idempotentWrite) {

  public static final String KEY = "parsec.request";

  /**
   * The call's parameters: the query string for a plain GET, the body for the JS SDK's POST with
   * _method GET (where it sends where, order and limit as JSON values, not strings).
   */
  public JsonObject params() {
    return query.isEmpty() ? body : query;
  }

  public String path(String name) {
    return pathParams.get(name);
  }

  /**
   * The names this caller is known by in ACLs: "*", and, once signed in, the user's objectId
   * (and, with roles, "role:Name" for each role the user holds).
   */
  public List<String> aclNames() {
    if (userId == null) {
      return List.of("*");
    }
    List<String> names = new ArrayList<>(roles.size() + 2);
    names.add("*");
    names.add(userId);
    names.addAll(roles);
    return names;
  }

  /** The same call made by a signed-in user, as the session check resolved it. */
  public ParseRequest withUser(String userId) {
    return new ParseRequest(method, master, sessionToken, installationId, clientVersion, body, query, pathParams,
        transaction, userId, List.of(), idempotentWrite);
  }

  /** The same call with the ACL names of the roles the user holds ("role:Name"). */
  public ParseRequest withRoles(List<String> roles) {
    return new ParseRequest(method, master, sessionToken, installationId, clientVersion, body, query, pathParams,
        transaction, userId, roles, idempotentWrite);
  }

  /** The same caller making another call (a batch's sub-request). */
  public ParseRequest with(HttpMethod method, JsonObject body, JsonObject query, Map<String, String> pathParams,
                           SqlClient transaction) {
    return new ParseRequest(method, master, sessionToken, installationId, clientVersion, body, query, pathParams,
        transaction, userId, roles, idempotentWrite);
  }

  /** The same call with other parameters (a beforeFind trigger changed the query). */
  public ParseRequest withParams(JsonObject params) {
    return with(method, body, params, pathParams, transaction);
  }

  /** The same call, its write to record an idempotent request's answer in its own statement. */
  public ParseRequest with(RecordedWrite idempotentWrite) {
    return new ParseRequest(method, master, sessionToken, installationId, clientVersion, body, query, pathParams,
        transaction, userId, roles, idempotentWrite);
  }

  public ParseRequest withPath(Map<String, String> pathParams) {
    return with(method, body, query, pathParams, transaction);
  }
}
