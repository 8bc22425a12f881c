package dev.parsec.cloud;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/** Field operations for an update (Parse's __op values): the server applies them to the stored value. */
public final class Ops {

  private Ops() {
  }

  public static JsonObject increment(Number amount) {
    return new JsonObject().put("__op", "Increment").put("amount", amount);
  }

  /** Appends the values to an array. */
  public static JsonObject add(Object... values) {
    return op("Add", values);
  }

  /** Appends the values an array does not hold yet. */
  public static JsonObject addUnique(Object... values) {
    return op("AddUnique", values);
  }

  /** Removes every occurrence of the values from an array. */
  public static JsonObject remove(Object... values) {
    return op("Remove", values);
  }

  /** Adds pointers ({@link Values#pointer}) to a relation. */
  public static JsonObject addRelation(JsonObject... pointers) {
    return op("AddRelation", (Object[]) pointers);
  }

  public static JsonObject removeRelation(JsonObject... pointers) {
    return op("RemoveRelation", (Object[]) pointers);
  }

  /** Removes the field from the object. */
  public static JsonObject unset() {
    return new JsonObject().put("__op", "Delete");
  }

  private static JsonObject op(String name, Object... values) {
    return new JsonObject().put("__op", name).put("objects", new JsonArray(Arrays.asList(values)));
  }
}
