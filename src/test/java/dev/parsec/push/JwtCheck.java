package dev.parsec.push;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** How the fake services read a JWT: its header and claims, and whether the signature is the key's. */
record JwtCheck(JsonObject header, JsonObject claims, boolean signed) {

  static JwtCheck of(String jwt, PublicKey key, String algorithm) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return new JwtCheck(new JsonObject(), new JsonObject(), false);
    }
    Base64.Decoder url = Base64.getUrlDecoder();
    try {
      JsonObject header = new JsonObject(new String(url.decode(parts[0]), StandardCharsets.UTF_8));
      JsonObject claims = new JsonObject(new String(url.decode(parts[1]), StandardCharsets.UTF_8));
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return new JwtCheck(header, claims, verifier.verify(url.decode(parts[2])));
    } catch (GeneralSecurityException | RuntimeException e) {
      return new JwtCheck(new JsonObject(), new JsonObject(), false);
    }
  }
}
