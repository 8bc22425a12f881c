package dev.parsec.query;

import dev.parsec.error.ParseException;

/**
 * Turns a Parse (JavaScript-flavoured) regular expression into a PostgreSQL one. The SDKs quote
 * literal text as \Q...\E (startsWith, endsWith, contains), which PostgreSQL does not know, so those
 * parts become escaped literals; options i, m, x and s become PostgreSQL's embedded options.
 */
final class Regexes {

  private Regexes() {
  }

  static String toPostgres(Object pattern, Object options) {
    if (!(pattern instanceof String regex)) {
      throw new ParseException(ParseException.INVALID_QUERY, "$regex must be a string");
    }
    StringBuilder flags = new StringBuilder();
    if (options != null) {
      if (!(options instanceof String opts) || !opts.matches("[imxs]*")) {
        throw new ParseException(ParseException.INVALID_QUERY, "bad $options value for query: " + options);
      }
      for (char c : opts.toCharArray()) {
        flags.append(switch (c) {
          case 'm' -> 'n';
          default -> c;
        });
      }
    }
    String body = literalize(regex);
    return flags.length() == 0 ? body : "(?" + flags + ")" + body;
  }

  private static String literalize(String regex) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < regex.length()) {
      int start = regex.indexOf("\\Q", i);
      if (start < 0) {
        out.append(regex, i, regex.length());
        break;
      }
      out.append(regex, i, start);
      int end = regex.indexOf("\\E", start + 2);
      String literal = end < 0 ? regex.substring(start + 2) : regex.substring(start + 2, end);
      for (char c : literal.toCharArray()) {
        if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
          out.append('\\');
        }
        out.append(c);
      }
      i = end < 0 ? regex.length() : end + 2;
    }
    return out.toString();
  }
}
