package dev.parsec.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Parse Server's HTTP Basic form of the keys: {@code Authorization: Basic base64(appId:masterKey)}, or
 * {@code base64(appId:javascript-key=KEY)} for the javascript key. Counts only when it names this app.
 */
record BasicAuth(String masterKey, String javascriptKey) {

  private static final String JAVASCRIPT_KEY = "javascript-key=";

  /** The keys of an Authorization header naming this app, or null (no header, another scheme, another app). */
  static BasicAuth of(String header, String appId) {
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return null;
    }
    String credentials;
    try {
      credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String[] parts = credentials.split(":", -1);
    if (parts.length != 2 || !parts[0].equals(appId)) {
      return null;
    }
    return parts[1].startsWith(JAVASCRIPT_KEY) ? new BasicAuth(null, parts[1].substring(JAVASCRIPT_KEY.length()))
        : new BasicAuth(parts[1], null);
  }
}
