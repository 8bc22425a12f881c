package dev.parsec.push;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.security.PrivateKey;

/**
 * A Google service account, as the JSON key file Firebase hands out describes it: the project FCM sends
 * for, the account's email and key, and the token URI where the account trades a signed assertion for
 * an access token.
 */
record ServiceAccount(String projectId, String clientEmail, String privateKeyId, PrivateKey privateKey, String tokenUri) {

  /** Reads the key file's JSON; the message of a failure names what is missing, never the key. */
  static ServiceAccount parse(String json) {
    JsonObject file;
    try {
      file = new JsonObject(json);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("fcm_service_account is not JSON");
    }
    for (String field : new String[] {"project_id", "client_email", "private_key", "token_uri"}) {
      if (!(file.getValue(field) instanceof String text) || text.isBlank()) {
        throw new IllegalArgumentException("fcm_service_account has no " + field);
      }
    }
    return new ServiceAccount(file.getString("project_id"), file.getString("client_email"),
        file.getString("private_key_id"), Jwt.privateKey(file.getString("private_key"), "RSA"), file.getString("token_uri"));
  }

  @Override
  public String toString() {
    return "ServiceAccount[" + clientEmail + "]";
  }
}
