package dev.parsec.error;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

/**
 * The one error type of the API: a Parse error code and message, sent as {"code": N, "error": "..."}.
 * The HTTP status follows Parse Server: 404 for object-not-found, 500 only for an internal failure,
 * 400 for every other client error, so that SDKs never retry a client's mistake; a refusal for want of
 * the application id or the master key is 403 {"error": "unauthorized..."} with no code, as Parse Server
 * sends it. {@link #of} maps every failure to one, for REST, batch and LiveQuery alike.
 */
public class ParseException extends RuntimeException {

  public static final int INTERNAL_SERVER_ERROR = 1;
  public static final int CONNECTION_FAILED = 100;
  public static final int OBJECT_NOT_FOUND = 101;
  public static final int INVALID_QUERY = 102;
  public static final int INVALID_CLASS_NAME = 103;
  public static final int MISSING_OBJECT_ID = 104;
  public static final int INVALID_KEY_NAME = 105;
  public static final int INVALID_POINTER = 106;
  public static final int INVALID_JSON = 107;
  public static final int COMMAND_UNAVAILABLE = 108;
  public static final int INCORRECT_TYPE = 111;
  /** A value a route needs is missing or empty (loginAs without a userId). */
  public static final int INVALID_VALUE = 142;
  public static final int OPERATION_FORBIDDEN = 119;
  public static final int INVALID_FILE_NAME = 122;
  public static final int FILE_SAVE_ERROR = 130;
  public static final int FILE_DELETE_ERROR = 153;
  /** Parse Server's bare numbers for schema changes: a class name is missing (POST /schemas, Pointer type). */
  public static final int CLASS_NAME_REQUIRED = 135;
  /** A default field (objectId, createdAt, updatedAt, ACL) cannot be added or deleted. */
  public static final int FIELD_NOT_CHANGEABLE = 136;
  public static final int REQUEST_LIMIT_EXCEEDED = 155;
  /** Parse's VALIDATION_ERROR: a required field left empty, a password the policy refuses... */
  public static final int VALIDATION_ERROR = 142;
  public static final int INVALID_EMAIL_ADDRESS = 125;
  public static final int USERNAME_MISSING = 200;
  public static final int PASSWORD_MISSING = 201;
  public static final int USERNAME_TAKEN = 202;
  public static final int EMAIL_TAKEN = 203;
  /** A write to a user that the caller is not signed in as. */
  public static final int SESSION_MISSING = 206;
  public static final int ACCOUNT_ALREADY_LINKED = 208;
  public static final int INVALID_SESSION_TOKEN = 209;
  public static final int UNSUPPORTED_SERVICE = 252;
  /** A schema change that conflicts with what is stored: the field exists or not, the class holds objects. */
  public static final int SCHEMA_CHANGE_REFUSED = 255;

  /** The code of a refusal Parse Server sends without one (403 unauthorized). */
  public static final int NO_CODE = 0;
  /** Parse's TIMEOUT. */
  public static final int TIMEOUT = 124;
  /** PostgreSQL's query_canceled, raised by statement_timeout. */
  private static final String QUERY_CANCELED = "57014";

  private final int code;
  private final int status;

  public ParseException(int code, String message) {
    this(code, message, 0);
  }

  /** An error answered with this HTTP status (0: the one its code implies). */
  public ParseException(int code, String message, int status) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    if (status != 0) {
      return status;
    }
    return switch (code) {
      case OBJECT_NOT_FOUND -> 404;
      case INTERNAL_SERVER_ERROR -> 500;
      default -> 400;
    };
  }

  /** {"code": N, "error": "..."}, without the code for a refusal Parse Server sends without one. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (code != NO_CODE) {
      json.put("code", code);
    }
    return json.put("error", getMessage());
  }

  /** A call without a valid application id, or needing the master key: 403 {"error": message}. */
  public static ParseException unauthorized(String message) {
    return new ParseException(NO_CODE, message, 403);
  }

  public static ParseException unauthorized() {
    return unauthorized("unauthorized");
  }

  /** A master-key-only route called without it (403), as Parse Server answers. */
  public static ParseException masterKeyRequired() {
    return unauthorized("unauthorized: master key is required");
  }

  /**
   * What a failure answers: itself when it is a ParseException, 124 for a statement cancelled by
   * request_timeout (nothing was changed), and an internal error (1, 500) for anything else, which the
   * caller logs (see {@link #internal}).
   */
  public static ParseException of(Throwable failure) {
    if (failure instanceof ParseException parse) {
      return parse;
    }
    if (failure instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState())) {
      return new ParseException(TIMEOUT, "The request took too long and was cancelled; nothing was changed.", 503);
    }
    return new ParseException(INTERNAL_SERVER_ERROR, "Internal server error.");
  }

  /** Whether the failure is a fault of the server's (to log), not an answer to the caller. */
  public static boolean internal(Throwable failure) {
    return of(failure).code() == INTERNAL_SERVER_ERROR;
  }

  public static ParseException objectNotFound() {
    return new ParseException(OBJECT_NOT_FOUND, "Object not found.");
  }
}
