package dev.parsec.users;

import dev.parsec.auth.AuthProviders;
import dev.parsec.error.ParseException;
import dev.parsec.writes.WriteBody;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The body of a signup or of a user's update, checked as Parse Server checks it: the password taken
 * out (it is hashed, never stored as a field), authData taken out (each provider's part is checked
 * with the provider first), username and email validated, fields only the server sets refused. The
 * rest is an ordinary object write. A signup through a provider needs no username or password.
 */
record UserWrite(String password, String username, String email, JsonObject authData, WriteBody write) {

  private static final Pattern EMAIL = Pattern.compile("^.+@.+$");

  static UserWrite parse(JsonObject given, boolean signup, boolean master) {
    JsonObject body = given.copy();
    Object password = body.remove("password");
    Object username = body.getValue("username");
    Object email = body.getValue("email");
    JsonObject authData = authData(body);
    if (body.containsKey("sessionToken")) {
      throw new ParseException(ParseException.INVALID_KEY_NAME, "sessionToken is set by the server, not by clients.");
    }
    if (body.containsKey("emailVerified") && !master) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN, "Clients aren't allowed to manually update email verification.");
    }
    boolean viaProvider = authData != null && authData.stream().anyMatch(entry -> entry.getValue() != null);
    if (((signup && !viaProvider) || username != null || body.containsKey("username")) && !(username instanceof String name && !name.isEmpty())) {
      throw new ParseException(ParseException.USERNAME_MISSING, "bad or missing username");
    }
    if (((signup && !viaProvider) || password != null || given.containsKey("password")) && !(password instanceof String secret && !secret.isEmpty())) {
      throw new ParseException(ParseException.PASSWORD_MISSING, "password is required");
    }
    if (email != null && !isDelete(email) && !(email instanceof String address && EMAIL.matcher(address).matches())) {
      throw new ParseException(ParseException.INVALID_EMAIL_ADDRESS, "Email address format is invalid.");
    }
    return new UserWrite((String) password, (String) username, email instanceof String address ? address : null,
        authData, WriteBody.parse(body, signup));
  }

  /** The providers' parts, each an object with an id (or null, to unlink); null when the body has none. */
  private static JsonObject authData(JsonObject body) {
    if (!body.containsKey("authData")) {
      return null;
    }
    Object given = body.remove("authData");
    if (!(given instanceof JsonObject providers)) {
      throw AuthProviders.unsupported();
    }
    for (String provider : providers.fieldNames()) {
      Object data = providers.getValue(provider);
      if (data != null && !(data instanceof JsonObject part && part.getValue("id") instanceof String id && !id.isEmpty())) {
        throw AuthProviders.unsupported();
      }
    }
    return providers;
  }

  private static boolean isDelete(Object value) {
    return value instanceof JsonObject op && "Delete".equals(op.getValue("__op"));
  }
}
