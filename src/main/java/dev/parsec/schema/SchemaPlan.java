package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a /schemas create or update changes, worked out before anything is touched: the schema to
 * store, the statements that make the tables match it, and the index names those statements take.
 * Every check Parse Server makes on such a request happens here, in Parse's order, so that a refused
 * request changes nothing.
 */
record SchemaPlan(ClassSchema next, List<String> statements, List<String> newIndexNames) {

  /** Field names Parse Server refuses besides the malformed ones. */
  private static final Set<String> RESERVED_FIELDS = Set.of("length", "className");

  static SchemaPlan create(String className, SchemaBody body) {
    Map<String, FieldType> fields = ClassSchema.defaultFields();
    Map<String, JsonObject> options = new LinkedHashMap<>();
    Map<String, FieldType> added = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : body.fields()) {
      checkNewFieldName(entry.getKey());
      addField(className, entry.getKey(), entry.getValue(), fields, options, added);
    }
    JsonObject permissions = body.setsPermissions() && body.permissions() != null
        ? ClassPermissions.check(body.permissions(), fields) : ClassSchema.openPermissions();
    List<String> statements = new ArrayList<>();
    statements.add(SchemaSql.createTable(Names.quote(className)));
    statements.addAll(SchemaSql.addFields(className, added));
    List<String> newIndexes = new ArrayList<>();
    JsonObject indexes = null;
    if (body.indexes() != null && !body.indexes().isEmpty()) {
      indexes = primaryIndexOnly();
      changeIndexes(className, body.indexes(), indexes, fields, statements, newIndexes);
    }
    return new SchemaPlan(new ClassSchema(className, fields, permissions, indexes, options), statements, newIndexes);
  }

  static SchemaPlan update(ClassSchema current, SchemaBody body) {
    String className = current.className();
    for (Map.Entry<String, Object> entry : body.fields()) {
      FieldType had = current.field(entry.getKey());
      boolean delete = FieldDefinition.isDelete(entry.getValue());
      if (had != null && !delete && !had.type().equals(FieldDefinition.typeName(entry.getValue()))) {
        throw refused("Field " + entry.getKey() + " exists, cannot update.");
      }
      if (had == null && delete) {
        throw refused("Field " + entry.getKey() + " does not exist, cannot delete.");
      }
    }
    Map<String, FieldType> fields = ClassSchema.defaultFields();
    fields.putAll(current.fields());
    Map<String, JsonObject> options = new LinkedHashMap<>(current.fieldOptions());
    Map<String, FieldType> added = new LinkedHashMap<>();
    Map<String, FieldType> deleted = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : body.fields()) {
      String field = entry.getKey();
      FieldType had = current.field(field);
      if (FieldDefinition.isDelete(entry.getValue())) {
        deleted.put(field, had);
      } else if (had == null) {
        checkNewFieldName(field);
        addField(className, field, entry.getValue(), fields, options, added);
      } else if (!ClassSchema.defaultFields().containsKey(field)) {
        changeOptions(className, field, had, entry.getValue(), options);
      }
    }
    deleted.keySet().forEach(fields::remove);
    deleted.keySet().forEach(options::remove);
    JsonObject permissions = current.classLevelPermissions();
    if (body.setsPermissions()) {
      permissions = body.permissions() == null ? ClassSchema.openPermissions()
          : ClassPermissions.check(body.permissions(), fields);
    }
    for (String field : deleted.keySet()) {
      if (ClassSchema.defaultFields().containsKey(field)) {
        throw new ParseException(ParseException.FIELD_NOT_CHANGEABLE, "field " + field + " cannot be changed");
      }
    }

    List<String> statements = new ArrayList<>();
    statements.add(SchemaSql.createTable(Names.quote(className)));
    statements.addAll(SchemaSql.dropFields(className, deleted));
    statements.addAll(SchemaSql.addFields(className, added));
    List<String> newIndexes = new ArrayList<>();
    JsonObject indexes = current.indexes() == null ? null : current.indexes().copy();
    if (body.indexes() != null) {
      if (indexes == null || indexes.isEmpty()) {
        indexes = primaryIndexOnly();
      }
      changeIndexes(className, body.indexes(), indexes, fields, statements, newIndexes);
    }
    if (indexes != null) {
      dropIndexesOf(deleted, indexes);
    }
    ClassSchema next = new ClassSchema(className, fields, permissions, indexes, options);
    return new SchemaPlan(next, statements, newIndexes);
  }

  /** Parse's name checks for a field that is new to the class: 105 for a malformed name, 136 for a default field. */
  private static void checkNewFieldName(String field) {
    if (!Names.isField(field) || RESERVED_FIELDS.contains(field)) {
      throw new ParseException(ParseException.INVALID_KEY_NAME, "invalid field name: " + field);
    }
    if (ClassSchema.defaultFields().containsKey(field)) {
      throw new ParseException(ParseException.FIELD_NOT_CHANGEABLE, "field " + field + " cannot be added");
    }
  }

  private static void addField(String className, String field, Object definition, Map<String, FieldType> fields,
                               Map<String, JsonObject> options, Map<String, FieldType> added) {
    FieldDefinition parsed = FieldDefinition.parse(className, field, definition);
    if (parsed.type().type().equals("Relation")) {
      Names.joinTable(className, field);
    }
    fields.put(field, parsed.type());
    added.put(field, parsed.type());
    if (!parsed.options().isEmpty()) {
      options.put(field, parsed.options());
    }
  }

  /** A field given again with its type: Parse keeps it and takes the options given with it. */
  private static void changeOptions(String className, String field, FieldType had, Object definition,
                                    Map<String, JsonObject> options) {
    FieldDefinition parsed = FieldDefinition.parse(className, field, definition);
    if (!parsed.type().equals(had)) {
      throw new ParseException(ParseException.INCORRECT_TYPE,
          "schema mismatch for " + className + "." + field + "; expected " + had + " but got " + parsed.type());
    }
    if (parsed.options().isEmpty()) {
      options.remove(field);
    } else {
      options.put(field, parsed.options());
    }
  }

  private static void changeIndexes(String className, JsonObject given, JsonObject indexes, Map<String, FieldType> fields,
                                    List<String> statements, List<String> newIndexes) {
    List<String> drops = new ArrayList<>();
    List<String> creates = new ArrayList<>();
    for (Map.Entry<String, Object> entry : given) {
      String name = entry.getKey();
      boolean delete = entry.getValue() instanceof JsonObject spec && "Delete".equals(spec.getValue("__op"));
      if (indexes.containsKey(name) && !delete) {
        throw IndexDefinition.invalid("Index " + name + " exists, cannot update.");
      }
      if (!indexes.containsKey(name) && delete) {
        throw IndexDefinition.invalid("Index " + name + " does not exist, cannot delete.");
      }
      if (delete) {
        if (name.equals(IndexDefinition.PRIMARY)) {
          throw IndexDefinition.invalid("Index " + name + " is the primary key and cannot be deleted.");
        }
        if (!Names.isIndex(name)) {
          throw IndexDefinition.invalid("Index " + name + " was not made by Parsec and cannot be deleted here.");
        }
        indexes.remove(name);
        drops.add(SchemaSql.dropIndex(Names.quote(name)));
      } else {
        creates.add(IndexDefinition.createSql(className, name, entry.getValue(), fields));
        indexes.put(name, entry.getValue());
        newIndexes.add(name);
      }
    }
    statements.addAll(drops);
    statements.addAll(creates);
  }

  /** PostgreSQL drops an index together with any column it covers; the listing follows. */
  private static void dropIndexesOf(Map<String, FieldType> deleted, JsonObject indexes) {
    indexes.fieldNames().removeIf(name -> indexes.getValue(name) instanceof JsonObject keys
        && keys.fieldNames().stream().anyMatch(deleted::containsKey));
  }

  private static JsonObject primaryIndexOnly() {
    return new JsonObject().put(IndexDefinition.PRIMARY, new JsonObject().put("_id", 1));
  }

  private static ParseException refused(String message) {
    return new ParseException(ParseException.SCHEMA_CHANGE_REFUSED, message);
  }
}
