package dev.parsec.error;

/**
 * The one error type of the API: a Parse error code and message, sent as {"code": N, "error": "..."}.
 * The HTTP status follows Parse Server: 404 for object-not-found, 500 only for an internal failure,
 * 400 for every other client error, so that SDKs never retry a client's mistake.
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
  public static final int OPERATION_FORBIDDEN = 119;
  public static final int INVALID_FILE_NAME = 122;
  public static final int FILE_SAVE_ERROR = 130;
  public static final int FILE_DELETE_ERROR = 153;
  /** Parse Server's bare numbers for schema changes: a class name is missing (POST /schemas, Pointer type). */
  public static final int CLASS_NAME_REQUIRED = 135;
  /** A default field (objectId, createdAt, updatedAt, ACL) cannot be added or deleted. */
  public static final int FIELD_NOT_CHANGEABLE = 136;
  public static final int REQUEST_LIMIT_EXCEEDED = 155;
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

  private final int code;

  public ParseException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return switch (code) {
      case OBJECT_NOT_FOUND -> 404;
      case INTERNAL_SERVER_ERROR -> 500;
      default -> 400;
    };
  }

  public static ParseException objectNotFound() {
    return new ParseException(OBJECT_NOT_FOUND, "Object not found.");
  }
}
