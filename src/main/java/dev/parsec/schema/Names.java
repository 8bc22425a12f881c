package dev.parsec.schema;

import dev.parsec.error.ParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks class and field names before they reach SQL. Identifiers are only ever quoted after they
 * passed these checks, and the patterns admit no quote character.
 */
public final class Names {

  /** PostgreSQL keeps 63 bytes of an identifier and silently cuts the rest, so two longer names could share a column. */
  public static final int MAX_IDENTIFIER = 63;
  private static final Pattern CLASS = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
  /** Index names as Parse and MongoDB write them (name_1, createdAt_-1, _id_). */
  private static final Pattern INDEX = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
  /**
   * System classes whose storage exists (each has a table, made by a migration or declared in code): every
   * name a request may give for them (a query on _PushStatus, a purge of _Audience, an index on _JobSchedule)
   * must be a class name. A class added without its name here is refused wherever names are checked.
   */
  public static final Set<String> SYSTEM_CLASSES = Set.of("_User", "_Role", "_Session", "_Installation", "_JobStatus",
      "_PushStatus", "_Audience", "_JobSchedule");
  /**
   * System classes whose rows the server also changes beside the write path, by statements of its own that
   * evict nothing: job and push runners (status, progress), push badges and dead device tokens, session
   * extension, email verification, account linking, sign-in counters. The object cache never holds them.
   */
  public static final Set<String> CHANGED_BESIDE_WRITES = Set.of("_User", "_Session", "_Installation", "_JobStatus",
      "_PushStatus", "_JobSchedule");

  /** Fields the server sets on every object, which a body sent by code never sets. */
  public static final Set<String> SERVER_FIELDS = Set.of("objectId", "createdAt", "updatedAt", "className");

  private Names() {
  }

  public static boolean isClass(String className) {
    return className != null && (CLASS.matcher(className).matches() || SYSTEM_CLASSES.contains(className));
  }

  public static boolean isField(String field) {
    return field != null && FIELD.matcher(field).matches();
  }

  public static boolean isIndex(String index) {
    return index != null && INDEX.matcher(index).matches();
  }

  public static String checkClass(String className) {
    if (!isClass(className)) {
      throw new ParseException(ParseException.INVALID_CLASS_NAME, invalidClassMessage(className));
    }
    return className;
  }

  public static String invalidClassMessage(String className) {
    return "Invalid classname: " + className
        + ", classnames can only have alphanumeric characters and _, and must start with an alpha character ";
  }

  public static String checkField(String field) {
    if (!isField(field)) {
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

  /**
   * The table holding a Relation field's pairs, named as Parse Server's PostgreSQL adapter names it.
   * Refused when PostgreSQL would cut the name, since two relations could then share a table.
   */
  public static String joinTable(String className, String field) {
    String name = "_Join:" + field + ":" + className;
    if (name.length() > MAX_IDENTIFIER) {
      throw new ParseException(ParseException.INVALID_KEY_NAME, "Relation " + field + " of class " + className
          + " needs a join table name longer than " + MAX_IDENTIFIER + " characters; use a shorter field name.");
    }
    return name;
  }

  /** A checked identifier in double quotes, as PostgreSQL needs it for mixed case. */
  public static String quote(String identifier) {
    if (identifier.indexOf('"') >= 0) {
      throw new IllegalArgumentException("unchecked identifier");
    }
    return '"' + identifier + '"';
  }
}
