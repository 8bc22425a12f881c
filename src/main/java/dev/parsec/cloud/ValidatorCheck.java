package dev.parsec.cloud;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies a {@link Validator} to a call on the worker, before the function or trigger runs, as Parse
 * Server's builtInTriggerValidator does (its checks in its order, its messages): refuses with
 * {@link CloudRefusal} 142, or lets the call through with a field's default or constant applied to the
 * params or the object.
 */
final class ValidatorCheck {

  private ValidatorCheck() {
  }

  /**
   * @param roles the user's roles as ACLs name them ("role:Admin")
   * @param fields a function's params, or a trigger's object (changed in place by defaults and constants)
   * @param original the stored object before an update (constants keep its value), null otherwise
   * @param newUser for a trigger of a _User being created without a signed-in user, that user (Parse counts it)
   */
  static void check(Validator validator, boolean master, JsonObject user, List<String> roles, JsonObject fields,
                    JsonObject original, boolean trigger, JsonObject newUser) {
    if (master && !validator.validatesMasterKey()) {
      return;
    }
    JsonObject caller = user != null ? user : newUser;
    boolean needsUser = validator.requiresUser() || !validator.anyRoles().isEmpty() || !validator.allRoles().isEmpty();
    if (needsUser && caller == null) {
      throw refused("Validation failed. Please login to continue.");
    }
    if (validator.requiresMaster() && !master) {
      throw refused("Validation failed. Master key is required to complete this request.");
    }
    JsonObject values = fields == null ? new JsonObject() : fields;
    for (Map.Entry<String, Validator.Field> entry : validator.fields().entrySet()) {
      checkField(entry.getKey(), entry.getValue(), values, original, trigger);
    }
    List<String> held = roles == null ? List.of() : roles;
    if (!validator.anyRoles().isEmpty() && validator.anyRoles().stream().noneMatch(role -> held.contains("role:" + role))) {
      throw refused("Validation failed. User does not match the required roles.");
    }
    for (String role : validator.allRoles()) {
      if (!held.contains("role:" + role)) {
        throw refused("Validation failed. User does not match all the required roles.");
      }
    }
    for (String key : validator.userKeys()) {
      if (caller == null) {
        throw refused("Please login to make this request.");
      }
      if (caller.getValue(key) == null) {
        throw refused("Validation failed. Please set data for " + key + " on your account.");
      }
    }
  }

  private static void checkField(String key, Validator.Field field, JsonObject values, JsonObject original, boolean trigger) {
    Object value = values.getValue(key);
    if (field.defaultValue() != null && value == null) {
      value = field.defaultValue();
      values.put(key, value);
    }
    if (field.isConstant() && trigger) {
      if (original != null) {
        // the stored value stays (Parse's object.revert): an absent field stays absent
        if (original.containsKey(key)) {
          values.put(key, original.getValue(key));
        } else {
          values.remove(key);
        }
        value = values.getValue(key);
      } else if (field.defaultValue() != null) {
        value = field.defaultValue();
        values.put(key, value);
      }
    }
    if (field.isRequired() && value == null) {
      throw refused(field.errorMessage() != null ? field.errorMessage() : "Validation failed. Please specify data for " + key + ".");
    }
    if (value == null) {
      return;
    }
    if (field.type() != null && typeOf(value) != field.type()) {
      throw refused(field.errorMessage() != null ? field.errorMessage()
          : "Validation failed. Invalid type for " + key + ". Expected: " + field.type().label());
    }
    if (field.test() != null) {
      boolean passed;
      try {
        passed = field.test().test(value);
      } catch (RuntimeException e) {
        throw refused(field.errorMessage() != null ? field.errorMessage()
            : e.getMessage() != null ? e.getMessage() : "Validation failed. Invalid value for " + key + ".");
      }
      if (!passed) {
        throw refused(field.errorMessage() != null ? field.errorMessage() : "Validation failed. Invalid value for " + key + ".");
      }
    }
    if (field.optionValues() != null) {
      Object given = value;
      if (field.optionValues().stream().noneMatch(option -> same(option, given))) {
        throw refused(field.errorMessage() != null ? field.errorMessage() : "Validation failed. Invalid option for " + key
            + ". Expected: " + field.optionValues().stream().map(String::valueOf).collect(Collectors.joining(", ")));
      }
    }
  }

  /** Whether a JSON value is the option: numbers by value (1 is 1.0, as in JavaScript), others by equality. */
  private static boolean same(Object option, Object value) {
    if (option instanceof Number a && value instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return option != null && option.equals(value);
  }

  private static Validator.Type typeOf(Object value) {
    if (value instanceof String) {
      return Validator.Type.STRING;
    }
    if (value instanceof Number) {
      return Validator.Type.NUMBER;
    }
    if (value instanceof Boolean) {
      return Validator.Type.BOOLEAN;
    }
    if (value instanceof JsonArray || value instanceof List) {
      return Validator.Type.ARRAY;
    }
    return Validator.Type.OBJECT;
  }

  private static CloudRefusal refused(String message) {
    return new CloudRefusal(CloudRefusal.VALIDATION_ERROR, message);
  }
}
