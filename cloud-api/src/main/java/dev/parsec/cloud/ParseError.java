package dev.parsec.cloud;

/**
 * A Parse error: a code and a message, as the REST API answers {"code": N, "error": "..."}. The data API fails
 * its Futures with it; cloud code may throw it to answer the caller its own code (anything else thrown is
 * 141, SCRIPT_FAILED, with the exception's message).
 */
public class ParseError extends RuntimeException {

  public static final int OBJECT_NOT_FOUND = 101;
  public static final int INVALID_QUERY = 102;
  public static final int OPERATION_FORBIDDEN = 119;
  public static final int SCRIPT_FAILED = 141;
  public static final int VALIDATION_ERROR = 142;
  public static final int INVALID_SESSION_TOKEN = 209;

  private final int code;

  public ParseError(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
