package dev.parsec.push;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The signed JSON Web Tokens the push services take: RS256 for Google's OAuth assertion, ES256 for
 * Apple's provider token. Signed with the JDK; keys come as PKCS#8 PEM, as both services hand them out.
 */
final class Jwt {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Jwt() {
  }

  /** header.claims.signature, signed with an RSA key (RS256). */
  static String rs256(JsonObject header, JsonObject claims, PrivateKey key) {
    return sign(header.put("alg", "RS256"), claims, key, "SHA256withRSA");
  }

  /** header.claims.signature, signed with a P-256 key (ES256: the signature is r and s, 32 bytes each). */
  static String es256(JsonObject header, JsonObject claims, PrivateKey key) {
    return sign(header.put("alg", "ES256"), claims, key, "SHA256withECDSAinP1363Format");
  }

  private static String sign(JsonObject header, JsonObject claims, PrivateKey key, String algorithm) {
    String input = URL.encodeToString(header.toBuffer().getBytes()) + "." + URL.encodeToString(claims.toBuffer().getBytes());
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token with " + algorithm + ": " + e.getMessage(), e);
    }
  }

  /**
   * A PKCS#8 private key from its PEM text ("-----BEGIN PRIVATE KEY-----"), for "RSA" or "EC".
   *
   * @throws IllegalArgumentException when the text holds no such key (the message never quotes it)
   */
  static PrivateKey privateKey(String pem, String algorithm) {
    String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]*PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PKCS#8 " + algorithm + " private key in PEM form");
    }
  }
}
