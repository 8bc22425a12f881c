package dev.parsec.push;

import io.vertx.core.json.JsonObject;

/** An installation a push goes to, with what the services need of it. */
record Device(String objectId, String deviceType, String deviceToken, String appIdentifier, Integer badge) {

  static Device of(JsonObject installation) {
    Object badge = installation.getValue("badge");
    return new Device(installation.getString("objectId"), installation.getString("deviceType"),
        installation.getString("deviceToken"), installation.getString("appIdentifier"),
        badge instanceof Number n ? n.intValue() : null);
  }

  Device withBadge(int value) {
    return new Device(objectId, deviceType, deviceToken, appIdentifier, value);
  }
}
