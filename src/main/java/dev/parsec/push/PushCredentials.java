package dev.parsec.push;

import dev.parsec.config.PushSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/** The push services' secrets, given inline or as files (read once, when a worker starts). */
final class PushCredentials {

  private PushCredentials() {
  }

  static ServiceAccount serviceAccount(PushSettings settings) {
    return ServiceAccount.parse(inlineOrFile(settings.fcmServiceAccount().orElseThrow(), "{", "fcm_service_account"));
  }

  static PrivateKey apnsKey(PushSettings settings) {
    String pem = inlineOrFile(settings.apnsKey().orElseThrow(), "-----BEGIN", "apns_key");
    try {
      return Jwt.privateKey(pem, "EC");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("apns_key: " + e.getMessage());
    }
  }

  private static String inlineOrFile(String value, String inlineMarker, String key) {
    if (value.contains(inlineMarker)) {
      return value;
    }
    try {
      return Files.readString(Path.of(value));
    } catch (IOException e) {
      throw new IllegalArgumentException(key + ": cannot read " + value);
    }
  }
}
