package dev.parsec.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The single-use tokens mailed to users (email verification, password reset): 256 random bits, of
 * which the database keeps only a SHA-256, so a copy of it opens no account.
 */
final class SecretTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretTokens() {
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
