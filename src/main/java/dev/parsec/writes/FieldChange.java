package dev.parsec.writes;

import dev.parsec.schema.FieldType;

/**
 * One field of a write: a plain value to set, or a Parse operation (__op) on the stored value.
 * The type is what the field must have in the schema; Delete needs none.
 */
public record FieldChange(String field, Op op, Object value, FieldType type) {

  public enum Op { SET, DELETE, INCREMENT, ADD, ADD_UNIQUE, REMOVE, ADD_RELATION, REMOVE_RELATION }

  public boolean onRelation() {
    return op == Op.ADD_RELATION || op == Op.REMOVE_RELATION;
  }

  /** Operations whose result the server reports back, as Parse Server does for Increment and arrays. */
  public boolean reportsResult() {
    return op == Op.INCREMENT || op == Op.ADD || op == Op.ADD_UNIQUE || op == Op.REMOVE;
  }
}
