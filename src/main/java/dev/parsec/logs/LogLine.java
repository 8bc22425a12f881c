package dev.parsec.logs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One line of a node's log ring: when (epoch ms), its level as Parse Server names it (info, warn, error), the
 * message, and an id unique in the process (ring and sequence), by which answers from nodes that share a
 * process are told apart from repeats.
 */
record LogLine(String id, long time, String level, String message) {

  /** Its size as the ring counts it: the message's characters, two bytes each, and a little for the rest. */
  long size() {
    return 64L + 2L * message.length();
  }

  /** As Parse Server's logger answers a line: message, level and timestamp (ISO 8601). */
  JsonObject toJson() {
    return new JsonObject().put("message", message).put("level", level)
        .put("timestamp", Instant.ofEpochMilli(time).toString());
  }

  /** As it travels on the event bus. */
  JsonObject toWire() {
    return new JsonObject().put("id", id).put("time", time).put("level", level).put("message", message);
  }

  static LogLine fromWire(JsonObject wire) {
    return new LogLine(wire.getString("id"), wire.getLong("time"), wire.getString("level"), wire.getString("message"));
  }
}
