package dev.parsec.files;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The Content-Disposition of a file a browser must save rather than show (RFC 6266): "attachment" with
 * the name the file was uploaded under, as a quoted ASCII filename and as an RFC 8187 (5987) UTF-8 filename*.
 */
final class ContentDisposition {

  /** The prefix {@link FileNames#unique} puts before the uploaded name. */
  private static final Pattern UNIQUE_PREFIX = Pattern.compile("^[0-9a-f]{32}_");
  private static final String ATTR_SYMBOLS = "!#$&+-.^_`|~";

  private ContentDisposition() {
  }

  static String attachment(String storedName) {
    String name = UNIQUE_PREFIX.matcher(storedName).replaceFirst("");
    return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncoded(name);
  }

  /** The name with anything a quoted-string or a file system could misread (quotes, slashes, controls, non-ASCII) as "_". */
  private static String asciiFallback(String name) {
    StringBuilder safe = new StringBuilder(name.length());
    name.chars().forEach(c -> safe.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '/' ? (char) c : '_'));
    return safe.toString();
  }

  private static String percentEncoded(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATTR_SYMBOLS.indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return encoded.toString();
  }
}
