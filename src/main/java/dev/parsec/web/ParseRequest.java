package dev.parsec.web;

import dev.parsec.access.Access;
import dev.parsec.error.ParseException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Map;

/**
 * One API call in the form every SDK's request is reduced to: who makes it ({@link Access}), the
 * effective method (the JS SDK sends GET, PUT and DELETE as POST with _method), the JSON body without the
 * underscore fields, the path parameters, inside a transactional batch (or an idempotent request) the
 * connection its SQL must run on, and for an idempotent write that records its answer itself, the record
 * to write; its HTTP headers and the cloud context a client sent with it (the JS SDK's {@code _context}
 * or X-Parse-Cloud-Context), which cloud triggers and functions are given.
 */
public record ParseRequest(
    HttpMethod method,
    Access access,
    String clientVersion,
    JsonObject body,
    JsonObject query,
    Map<String, String> pathParams,
    SqlClient transaction,
    RecordedWrite idempotentWrite,
    MultiMap headers,
    JsonObject context) {

  public static final String KEY = "parsec.request";

  /** A call with no HTTP headers and an empty cloud context (one the server makes itself). */
  public ParseRequest(HttpMethod method, Access access, String clientVersion, JsonObject body, JsonObject query,
                      Map<String, String> pathParams, SqlClient transaction, RecordedWrite idempotentWrite) {
    this(method, access, clientVersion, body, query, pathParams, transaction, idempotentWrite, MultiMap.caseInsensitiveMultiMap(),
        new JsonObject());
  }

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

  public boolean master() {
    return access.master();
  }

  /** This request, when it holds the master key; otherwise 403 {@link ParseException#masterKeyRequired()}. */
  public ParseRequest requireMaster() {
    if (!master()) {
      throw ParseException.masterKeyRequired();
    }
    return this;
  }

  public String userId() {
    return access.userId();
  }

  public String sessionToken() {
    return access.sessionToken();
  }

  public String installationId() {
    return access.installationId();
  }

  /** The names this caller is known by in ACLs ({@link Access#aclNames}). */
  public List<String> aclNames() {
    return access.aclNames();
  }

  /** The same call made by the caller as identified. */
  public ParseRequest with(Access access) {
    return new ParseRequest(method, access, clientVersion, body, query, pathParams, transaction, idempotentWrite, headers, context);
  }

  /** The same caller making another call (a batch's sub-request). */
  public ParseRequest with(HttpMethod method, JsonObject body, JsonObject query, Map<String, String> pathParams,
                           SqlClient transaction) {
    return new ParseRequest(method, access, clientVersion, body, query, pathParams, transaction, idempotentWrite, headers, context);
  }

  /** The same call with other parameters (a beforeFind trigger changed the query). */
  public ParseRequest withParams(JsonObject params) {
    return with(method, body, params, pathParams, transaction);
  }

  /** The same call, its write to record an idempotent request's answer in its own statement. */
  public ParseRequest with(RecordedWrite idempotentWrite) {
    return new ParseRequest(method, access, clientVersion, body, query, pathParams, transaction, idempotentWrite, headers, context);
  }

  public ParseRequest withPath(Map<String, String> pathParams) {
    return with(method, body, query, pathParams, transaction);
  }
}
