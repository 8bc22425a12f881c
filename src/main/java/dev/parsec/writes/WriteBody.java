package dev.parsec.writes;

import dev.parsec.access.Acl;
import dev.parsec.error.ParseException;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of a create or update, checked and split into field changes and an ACL. */
public record WriteBody(List<FieldChange> changes, Acl acl, String objectId) {

  /** @param objectId the objectId a client chose for a new object (allow_custom_object_id), or null */
  public WriteBody(List<FieldChange> changes, Acl acl) {
    this(changes, acl, null);
  }

  /** The same create, of an object with the objectId its client chose. */
  public WriteBody withObjectId(String id) {
    return new WriteBody(changes, acl, id);
  }

  public static WriteBody parse(JsonObject body, boolean create) {
    List<FieldChange> changes = new ArrayList<>();
    Acl acl = null;
    for (Map.Entry<String, Object> entry : body) {
      String field = entry.getKey();
      Object value = entry.getValue();
      switch (field) {
        case "createdAt", "updatedAt" -> {
          continue;
        }
        case "objectId" -> {
          if (create) {
            throw new ParseException(ParseException.INVALID_KEY_NAME, "objectId is an invalid field name.");
          }
          continue;
        }
        case "ACL" -> {
          acl = Acl.fromJson(value);
          continue;
        }
        default -> Names.checkField(field);
      }
      changes.addAll(changes(field, value));
    }
    return new WriteBody(changes, acl);
  }

  public boolean changesRelations() {
    return changes.stream().anyMatch(FieldChange::onRelation);
  }

  /** The type each changed field must have. */
  public Map<String, FieldType> fieldTypes() {
    Map<String, FieldType> types = new LinkedHashMap<>();
    for (FieldChange change : changes) {
      if (change.type() != null) {
        types.put(change.field(), change.type());
      }
    }
    return types;
  }

  /** A Batch operation (the SDKs send one for AddRelation with RemoveRelation) is its operations in turn. */
  private static List<FieldChange> changes(String field, Object value) {
    if (value instanceof JsonObject json && "Batch".equals(json.getValue("__op"))) {
      if (!(json.getValue("ops") instanceof JsonArray ops)) {
        throw new ParseException(ParseException.INVALID_JSON, "Batch ops must be an array");
      }
      List<FieldChange> changes = new ArrayList<>();
      for (Object op : ops) {
        FieldChange change = change(field, op);
        if (!change.onRelation()) {
          throw new ParseException(ParseException.INVALID_JSON, "a Batch may only hold AddRelation and RemoveRelation");
        }
        changes.add(change);
      }
      return changes;
    }
    return List.of(change(field, value));
  }

  private static FieldChange change(String field, Object value) {
    if (value instanceof JsonObject json && json.containsKey("__op")) {
      String op = String.valueOf(json.getValue("__op"));
      return switch (op) {
        case "Delete" -> new FieldChange(field, FieldChange.Op.DELETE, null, null);
        case "Increment" -> {
          if (!(json.getValue("amount") instanceof Number amount)) {
            throw new ParseException(ParseException.INVALID_JSON, "Increment amount must be a number");
          }
          yield new FieldChange(field, FieldChange.Op.INCREMENT, amount, FieldType.NUMBER);
        }
        case "Add", "AddUnique", "Remove" -> {
          if (!(json.getValue("objects") instanceof JsonArray objects)) {
            throw new ParseException(ParseException.INVALID_JSON, "objects to " + op + " must be an array");
          }
          FieldChange.Op kind = switch (op) {
            case "Add" -> FieldChange.Op.ADD;
            case "AddUnique" -> FieldChange.Op.ADD_UNIQUE;
            default -> FieldChange.Op.REMOVE;
          };
          yield new FieldChange(field, kind, objects, FieldType.ARRAY);
        }
        case "AddRelation", "RemoveRelation" -> {
          if (!(json.getValue("objects") instanceof JsonArray objects) || objects.isEmpty()) {
            throw new ParseException(ParseException.INVALID_JSON, op + " needs an array of pointers");
          }
          String target = null;
          for (Object item : objects) {
            if (!(item instanceof JsonObject pointer) || !"Pointer".equals(pointer.getString("__type"))
                || !(pointer.getValue("objectId") instanceof String)) {
              throw new ParseException(ParseException.INVALID_POINTER, op + " objects must be pointers");
            }
            String className = Names.checkClass(pointer.getString("className"));
            if (target != null && !target.equals(className)) {
              throw new ParseException(ParseException.INCORRECT_TYPE, "All objects in a relation must be of the same class.");
            }
            target = className;
          }
          yield new FieldChange(field, op.equals("AddRelation") ? FieldChange.Op.ADD_RELATION : FieldChange.Op.REMOVE_RELATION,
              objects, new FieldType("Relation", target));
        }
        default -> throw new ParseException(ParseException.INVALID_JSON, "The operation " + op + " is not supported on " + field);
      };
    }
    return new FieldChange(field, FieldChange.Op.SET, value, FieldType.ofValue(field, value));
  }
}
