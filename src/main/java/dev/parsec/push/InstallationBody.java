package dev.parsec.push;

import dev.parsec.access.Access;
import dev.parsec.error.ParseException;
import dev.parsec.writes.WriteBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The body of an installation's save, checked and normalised as Parse Server does: installationId
 * lower-cased (from the body, or for a client's create from X-Parse-Installation-Id), a 64-character (APNs)
 * deviceToken lower-cased, channels an array of strings. The rest is an ordinary object write.
 *
 * @param installationId the installation's id, from the body or the caller's header (null when neither)
 * @param deviceToken the device token in the body, if any
 * @param deviceType the device type in the body, if any
 * @param appIdentifier the app identifier in the body, if any
 */
record InstallationBody(String installationId, String deviceToken, String deviceType, String appIdentifier,
                        WriteBody write) {

  static InstallationBody parse(Access caller, JsonObject given, boolean create) {
    JsonObject body = given.copy();
    String deviceToken = text(body, "deviceToken");
    if (deviceToken != null && deviceToken.length() == 64) {
      deviceToken = deviceToken.toLowerCase(Locale.ROOT);
      body.put("deviceToken", deviceToken);
    }
    String installationId = text(body, "installationId");
    if (installationId != null) {
      installationId = installationId.toLowerCase(Locale.ROOT);
      body.put("installationId", installationId);
    } else if (create && !caller.master() && caller.installationId() != null && !caller.installationId().isEmpty()) {
      // a client saving its own installation; the master key's header names the caller, not the device saved
      installationId = caller.installationId().toLowerCase(Locale.ROOT);
      body.put("installationId", installationId);
    }
    Object channelsValue = body.getValue("channels");
    // channels are set whole, or changed by Add, AddUnique and Remove (the SDKs' subscribe and unsubscribe)
    JsonArray channels = channelsValue instanceof JsonArray whole ? whole
        : channelsValue instanceof JsonObject op && op.getValue("objects") instanceof JsonArray objects ? objects : null;
    if (channels != null) {
      for (Object channel : channels) {
        if (!(channel instanceof String)) {
          throw new ParseException(ParseException.INCORRECT_TYPE, "channels must be an array of strings");
        }
      }
    }
    return new InstallationBody(installationId, deviceToken, text(body, "deviceType"), text(body, "appIdentifier"),
        WriteBody.parse(body, create));
  }

  /** Whether the save touches what identifies the device; an update that does not is an ordinary update. */
  boolean identifies() {
    return installationId != null || deviceToken != null || deviceType != null;
  }

  private static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof JsonObject op && "Delete".equals(op.getValue("__op"))) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new ParseException(ParseException.INCORRECT_TYPE, field + " must be a string");
    }
    return s;
  }
}
