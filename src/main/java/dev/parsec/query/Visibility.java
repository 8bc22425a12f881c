package dev.parsec.query;

import dev.parsec.access.Access;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import dev.parsec.security.Grant;
import dev.parsec.security.HiddenFields;
import dev.parsec.security.Operation;
import dev.parsec.security.Permissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one caller sees the tables a statement reads, as SQL: which rows (their ACL names the caller, and
 * under pointer permissions they point to it) and which columns (its hidden fields left out, or shown only
 * on rows that grant them). Every table of a statement, its own class's, an include's or a sub-query's,
 * goes through here, with the decisions of {@link Permissions}. The caller's ACL names are the statement's
 * first value, its user id the next when a condition needs it.
 */
final class Visibility {

  private final Access access;
  private final SqlParams params;
  private final String aclParam;
  private final Map<String, HiddenFields> hidden = new HashMap<>();
  private String userParam;
  /** The alias of a table whose one row is the caller's own user (a user reading itself), if any. */
  private String ownRow;

  Visibility(Access access, SqlParams params) {
    this.access = access;
    this.params = params;
    this.aclParam = access.master() ? null : params.bind(access.aclNames().toArray(String[]::new));
  }

  boolean master() {
    return access.master();
  }

  /** The same caller's view for another statement (checks made on the side). */
  Visibility elsewhere(SqlParams other) {
    return new Visibility(access, other);
  }

  /** Tells that the table aliased alias is read for the caller's own user only (the where is its objectId). */
  void ownRow(String alias) {
    ownRow = alias;
  }

  /** Whether a statement binds the caller's user id (so it cannot serve another caller as it is). */
  boolean bindsUser() {
    return userParam != null;
  }

  /** The caller's grant for the operation on the class; fails when refused. */
  Grant grant(ClassSchema schema, Operation operation) {
    return Permissions.grant(schema, operation, access);
  }

  /** The condition that the caller may read the row aliased alias under the grant; empty for the master key. */
  String rows(String alias, ClassSchema schema, Grant grant) {
    if (aclParam == null) {
      return "";
    }
    StringBuilder sql = new StringBuilder("(").append(alias).append(".\"_rperm\" IS NULL OR ").append(alias)
        .append(".\"_rperm\" && ").append(aclParam).append("::text[])");
    if (grant.requiredOwner() != null) {
      sql.append(" AND ").append(pointsToCaller(alias, schema, grant.requiredOwner()));
    }
    if (!grant.anyOwner().isEmpty()) {
      List<String> any = new ArrayList<>();
      grant.anyOwner().forEach(field -> any.add(pointsToCaller(alias, schema, field)));
      sql.append(" AND (").append(String.join(" OR ", any)).append(')');
    }
    return sql.toString();
  }

  HiddenFields hidden(ClassSchema schema) {
    return hidden.computeIfAbsent(schema.className(), c -> Permissions.hidden(schema, access));
  }

  /** Fails unless the caller may filter or sort on the key of the class. */
  void checkFilter(ClassSchema schema, String key) {
    Permissions.checkFilter(schema, hidden(schema), key);
  }

  /**
   * What to select for a field of the row aliased alias: the column; or, for a field hidden from the caller,
   * the column only on rows that show it ({@link HiddenFields#shownBy}, its own _User row), else nothing (null).
   */
  String column(String alias, ClassSchema schema, String field) {
    String column = alias + "." + Names.quote(field);
    HiddenFields fields = hidden(schema);
    if (!fields.hides(field) || fields.ownObjectShowsAll() && alias.equals(ownRow)) {
      return column;
    }
    List<String> shown = new ArrayList<>();
    if (fields.ownObjectShowsAll() && access.signedIn()) {
      shown.add(alias + ".\"objectId\" = " + user());
    }
    fields.shownBy(field).forEach(owner -> shown.add(pointsToCaller(alias, schema, owner)));
    return shown.isEmpty() ? null : "CASE WHEN " + String.join(" OR ", shown) + " THEN " + column + " END";
  }

  /** The condition that the field (a pointer to a user, or an array of them) points to the caller. */
  private String pointsToCaller(String alias, ClassSchema schema, String field) {
    FieldType type = schema.field(field);
    String column = alias + "." + Names.quote(field);
    if (type != null && type.type().equals("Pointer") && access.signedIn()) {
      return column + " = " + user();
    }
    if (type != null && type.type().equals("Array") && access.signedIn()) {
      return column + " @> jsonb_build_array(jsonb_build_object('__type', 'Pointer', 'className', '_User', 'objectId', "
          + user() + "::text))";
    }
    return "FALSE";
  }

  private String user() {
    if (userParam == null) {
      userParam = params.bind(access.userId());
    }
    return userParam;
  }
}
