package dev.parsec.users;

import dev.parsec.error.ParseException;
import dev.parsec.objects.WriteBody;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The body of a signup or of a user's update, checked as Parse Server checks it: the password taken
 * out (it is hashed, never stored as a field), username and email validated, fields only the server
 * sets refused. The rest is an ordinary object write.
 */
record UserWrite(String password, String username, String email, WriteBody write) {

  private static final Pattern EMAIL = Pattern.compile("^.+@.+$");

  static UserWrite parse(JsonObject given, boolean signup, boolean master) {
    JsonObject body = given.copy();
    Object password = body.remove("password");
    Object username = body.getValue("username");
    Object email = body.getValue("email");
    if (body.containsKey("authData")) {
      throw new ParseException(ParseException.UNSUPPORTED_SERVICE, "This authentication method is unsupported.");
    }
    if (body.containsKey("sessionToken")) {
      throw new ParseException(ParseException.INVALID_KEY_NAME, "sessionToken is set by the server, not by clients.");
    }
    if (body.containsKey("emailVerified") && !master) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN, "Clients aren't allowed to manually update email verification.");
    }
    if ((signup || username != null || body.containsKey("username")) && !(username instanceof String name && !name.isEmpty())) {
      throw new ParseException(ParseException.USERNAME_MISSING, "bad or missing username");
    }
    if ((signup || password != null || given.containsKey("password")) && !(password instanceof String secret && !secret.isEmpty())) {
      throw new ParseException(ParseException.PASSWORD_MISSING, "password is required");
    }
    if (email != null && !isDelete(email) && !(email instanceof String address && EMAIL.matcher(address).matches())) {
      throw new ParseException(ParseException.INVALID_EMAIL_ADDRESS, "Email address format is invalid.");
    }
    return new UserWrite((String) password, (String) username, email instanceof String address ? address : null,
        WriteBody.parse(body, signup));
  }

  private static boolean isDelete(Object value) {
    return value instanceof JsonObject op && "Delete".equals(op.getValue("__op"));
  }
}
