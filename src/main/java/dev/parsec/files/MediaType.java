package dev.parsec.files;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One media type, read with RFC 9110's syntax (section 8.3.1): {@code type "/" subtype *( OWS ";" OWS
 * [ name "=" ( token / quoted-string ) ] )}. Type and subtype are lower-cased; of the parameters only a
 * charset is kept (lower-cased), since no other one changes how a file is shown. Anything else is not
 * a media type: a list ("text/plain,text/html"), a missing type or subtype, a wildcard, control
 * characters, a parameter named twice, or more than {@link #LONGEST} characters.
 */
record MediaType(String type, String subtype, String charset) {

  static final int LONGEST = 255;

  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  /** "text/plain" of "text/plain; charset=utf-8". */
  String essence() {
    return type + "/" + subtype;
  }

  @Override
  public String toString() {
    return charset == null ? essence() : essence() + "; charset=" + charset;
  }

  static Optional<MediaType> parse(String text) {
    if (text == null || text.length() > LONGEST) {
      return Optional.empty();
    }
    return Optional.ofNullable(new Reader(text).mediaType());
  }

  /** The parser: each method reads one part of the grammar at position, or answers null. */
  private static final class Reader {
    private final String text;
    private int position;

    Reader(String text) {
      this.text = text;
    }

    MediaType mediaType() {
      skipWhitespace();
      String type = token();
      if (type == null || !take('/')) {
        return null;
      }
      String subtype = token();
      if (subtype == null || type.equals("*") || subtype.equals("*")) {
        return null;
      }
      String charset = null;
      Set<String> names = new HashSet<>();
      while (true) {
        skipWhitespace();
        if (position == text.length()) {
          return new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), charset);
        }
        if (!take(';')) {
          return null;
        }
        skipWhitespace();
        if (position == text.length() || text.charAt(position) == ';') {
          continue; // an empty parameter, which the grammar allows
        }
        String name = token();
        if (name == null || !take('=')) {
          return null;
        }
        String value = position < text.length() && text.charAt(position) == '"' ? quotedString() : token();
        if (value == null || !names.add(name.toLowerCase(Locale.ROOT))) {
          return null;
        }
        if (name.equalsIgnoreCase("charset") && isToken(value)) {
          charset = value.toLowerCase(Locale.ROOT);
        }
      }
    }

    private String token() {
      int start = position;
      while (position < text.length() && isTokenChar(text.charAt(position))) {
        position++;
      }
      return position == start ? null : text.substring(start, position);
    }

    /** The value of a quoted-string, without its quotes and with its quoted-pairs undone. */
    private String quotedString() {
      StringBuilder value = new StringBuilder();
      position++;
      while (position < text.length()) {
        char c = text.charAt(position++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\') {
          if (position == text.length() || !isQuotable(text.charAt(position))) {
            return null;
          }
          value.append(text.charAt(position++));
        } else if (c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E) || isObsText(c)) {
          value.append(c);
        } else {
          return null;
        }
      }
      return null;
    }

    private boolean take(char expected) {
      if (position < text.length() && text.charAt(position) == expected) {
        position++;
        return true;
      }
      return false;
    }

    private void skipWhitespace() {
      while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
        position++;
      }
    }
  }

  private static boolean isToken(String value) {
    return !value.isEmpty() && value.chars().allMatch(c -> isTokenChar((char) c));
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_SYMBOLS.indexOf(c) >= 0;
  }

  private static boolean isQuotable(char c) {
    return c == '\t' || (c >= 0x20 && c <= 0x7E) || isObsText(c);
  }

  private static boolean isObsText(char c) {
    return c >= 0x80 && c <= 0xFF;
  }
}
