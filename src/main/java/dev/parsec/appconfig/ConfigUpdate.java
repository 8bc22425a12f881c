package dev.parsec.appconfig;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A PUT /config body, checked whole before anything is written and split into what the update
 * applies: values to set, params to remove, amounts to add, and the master-only flags given for
 * the params it names. Params it does not name are left as they are.
 */
record ConfigUpdate(JsonObject set, List<String> removed, JsonObject increments, JsonObject masterKeyOnly) {

  static ConfigUpdate parse(JsonObject body) {
    if (!(body.getValue("params") instanceof JsonObject params)) {
      throw invalid("params must be an object of the config values to save");
    }
    Object flagsValue = body.getValue("masterKeyOnly");
    if (flagsValue != null && !(flagsValue instanceof JsonObject)) {
      throw invalid("masterKeyOnly must be an object of true or false by param name");
    }
    JsonObject flags = flagsValue == null ? new JsonObject() : (JsonObject) flagsValue;

    JsonObject set = new JsonObject();
    List<String> removed = new ArrayList<>();
    JsonObject increments = new JsonObject();
    JsonObject masterKeyOnly = new JsonObject();
    for (String name : params.fieldNames()) {
      Object value = params.getValue(name);
      boolean removing = false;
      if (value instanceof JsonObject operation && operation.containsKey("__op")) {
        Object op = operation.getValue("__op");
        if ("Delete".equals(op)) {
          removed.add(name);
          removing = true;
        } else if ("Increment".equals(op)) {
          if (!(operation.getValue("amount") instanceof Number amount)) {
            throw invalid("Increment amount must be a number");
          }
          increments.put(name, amount);
        } else {
          throw invalid("The operation " + op + " is not supported on config param " + name);
        }
      } else {
        set.put(name, value);
      }
      Object flag = flags.getValue(name);
      if (flag != null && !(flag instanceof Boolean)) {
        throw invalid("masterKeyOnly." + name + " must be true or false");
      }
      // a param saved without a flag keeps the one it had, so a master-only secret is never
      // published by an update that just forgot to repeat the flag
      if (flag != null && !removing) {
        masterKeyOnly.put(name, flag);
      }
    }
    return new ConfigUpdate(set, List.copyOf(removed), increments, masterKeyOnly);
  }

  private static ParseException invalid(String message) {
    return new ParseException(ParseException.INVALID_JSON, message);
  }
}
