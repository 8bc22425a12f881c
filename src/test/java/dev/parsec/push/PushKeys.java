package dev.parsec.push;

import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Keys made for one test run, as the services hand them out: an RSA key in a Google service-account
 * JSON file (its public half is what the fake token endpoint checks assertions with), and an APNs .p8
 * key (P-256; its public half is what the fake APNs checks provider tokens with).
 */
final class PushKeys {

  static final String PROJECT_ID = "parsec-test";
  static final String CLIENT_EMAIL = "push-sender@parsec-test.iam.gserviceaccount.com";
  static final String PRIVATE_KEY_ID = "3f1c0e5d2b";
  static final String APNS_KEY_ID = "ABC123DEFG";
  static final String APNS_TEAM_ID = "DEF123GHIJ";
  static final String APNS_TOPIC = "dev.parsec.testapp";

  final KeyPair fcm;
  final KeyPair apns;

  PushKeys() {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      fcm = rsa.generateKeyPair();
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      apns = ec.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The service-account JSON Firebase's console would download, pointing its token URI at the fake. */
  String serviceAccountJson(String tokenUri) {
    return new JsonObject()
        .put("type", "service_account")
        .put("project_id", PROJECT_ID)
        .put("private_key_id", PRIVATE_KEY_ID)
        .put("private_key", pem(fcm.getPrivate()))
        .put("client_email", CLIENT_EMAIL)
        .put("client_id", "100000000000000000001")
        .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
        .put("token_uri", tokenUri)
        .encodePrettily();
  }

  /** The .p8 file's text Apple's developer site hands out. */
  String apnsP8() {
    return pem(apns.getPrivate());
  }

  private static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
