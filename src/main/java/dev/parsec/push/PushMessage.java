package dev.parsec.push;

import io.vertx.core.json.JsonObject;

/**
 * What a push says, as POST /push gave it: the data (alert, badge, sound, title, custom keys...) and when
 * it expires (epoch milliseconds, or null). A badge "Increment" raises each installation's badge by
 * badgeIncrement and sends each device its own count; a numeric badge (badgeSet) sets them all.
 */
record PushMessage(JsonObject data, Long expiresAt, Integer badgeIncrement, Number badgeSet) {

  /** The message stored in a _PushStatus row's payload, with the expiry of its row. */
  static PushMessage of(JsonObject data, Long expiresAt) {
    Object badge = data.getValue("badge");
    return new PushMessage(data, expiresAt, PushRequest.badgeIncrement(badge), badge instanceof Number n ? n : null);
  }

  boolean changesBadges() {
    return badgeIncrement != null || badgeSet != null;
  }
}
