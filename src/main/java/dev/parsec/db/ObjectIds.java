package dev.parsec.db;

import java.security.SecureRandom;

/** Object ids as Parse makes them: ten random letters and digits. */
public final class ObjectIds {

  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ObjectIds() {
  }

  public static String next() {
    char[] id = new char[10];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }
}
