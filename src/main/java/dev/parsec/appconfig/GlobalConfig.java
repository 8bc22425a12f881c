package dev.parsec.appconfig;

import io.vertx.core.json.JsonObject;

/** The stored Parse.Config: the params, Parse-encoded as saved, and which of them only the master key may read. */
record GlobalConfig(JsonObject params, JsonObject masterKeyOnly) {

  static final GlobalConfig EMPTY = new GlobalConfig(new JsonObject(), new JsonObject());

  /** What GET /config answers: every param and the flags for the master key, the public params for anyone else. */
  JsonObject answerFor(boolean master) {
    if (master) {
      return new JsonObject().put("params", params.copy()).put("masterKeyOnly", masterKeyOnly.copy());
    }
    JsonObject visible = new JsonObject();
    params.forEach(param -> {
      if (!Boolean.TRUE.equals(masterKeyOnly.getValue(param.getKey()))) {
        visible.put(param.getKey(), param.getValue());
      }
    });
    return new JsonObject().put("params", visible);
  }
}
