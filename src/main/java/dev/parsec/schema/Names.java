package dev.parsec.schema;

import dev.parsec.error.ParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks class and field names before they reach SQL. Identifiers are only ever quoted after they
 * passed these checks, and the patterns admit no quote character.
 */
public final class Names {

  private static final Pattern CLASS = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
  /** System classes whose storage exists; their own routes arrive with users, roles, sessions and push. */
  public static final Set<String> SYSTEM_CLASSES = Set.of("_User", "_Role", "_Session", "_Installation");

  private Names() {
  }

  public static String checkClass(String className) {
    if (className == null || !(CLASS.matcher(className).matches() || SYSTEM_CLASSES.contains(className))) {
      throw new ParseException(ParseException.INVALID_CLASS_NAME, "Invalid classname: " + className
          + ", classnames can only have alphanumeric characters and _, and must start with an alpha character ");
    }
    return className;
  }

  public static String checkField(String field) {
    if (field == null || !FIELD.matcher(field).matches()) {
      throw new ParseException(ParseException.INVALID_KEY_NAME, "Invalid field name: " + field + ".");
    }
    return field;
  }

  /** A name an aggregation stage refers to, which must be one its earlier stages produce. */
  public static String checkOutput(String name, java.util.Set<String> outputs) {
    if (!outputs.contains(name)) {
      throw new ParseException(ParseException.INVALID_QUERY, "unknown field " + name + " in aggregate");
    }
    return checkField(name);
  }

  /** A checked identifier in double quotes, as PostgreSQL needs it for mixed case. */
  public static String quote(String identifier) {
    if (identifier.indexOf('"') >= 0) {
      throw new IllegalArgumentException("unchecked identifier");
    }
    return '"' + identifier + '"';
  }
}
