package dev.parsec.access;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An object's ACL, stored as the two arrays _rperm and _wperm of user ids, role:Name and *. */
public record Acl(String[] read, String[] write) {

  /** Whether an object with this ACL (null: no ACL, public) may be read by a caller known by these names. */
  public static boolean readableBy(JsonObject acl, Iterable<String> names) {
    if (acl == null) {
      return true;
    }
    for (String name : names) {
      JsonObject entry = acl.getJsonObject(name);
      if (entry != null && Boolean.TRUE.equals(entry.getBoolean("read"))) {
        return true;
      }
    }
    return false;
  }

  public static Acl fromJson(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw new ParseException(ParseException.INVALID_JSON, "ACL must be an object");
    }
    List<String> read = new ArrayList<>();
    List<String> write = new ArrayList<>();
    for (Map.Entry<String, Object> entry : json) {
      if (!(entry.getValue() instanceof JsonObject perms)) {
        throw new ParseException(ParseException.INVALID_JSON, "ACL entry for " + entry.getKey() + " must be an object");
      }
      for (Map.Entry<String, Object> perm : perms) {
        if (!(perm.getValue() instanceof Boolean allowed) || !(perm.getKey().equals("read") || perm.getKey().equals("write"))) {
          throw new ParseException(ParseException.INVALID_JSON, "bad ACL permission " + perm.getKey() + " for " + entry.getKey());
        }
        if (allowed) {
          (perm.getKey().equals("read") ? read : write).add(entry.getKey());
        }
      }
    }
    return new Acl(read.toArray(String[]::new), write.toArray(String[]::new));
  }

  /** The ACL as Parse sends it, or null when the object has none (public read and write). */
  public static JsonObject toJson(String[] read, String[] write) {
    if (read == null && write == null) {
      return null;
    }
    Map<String, JsonObject> entries = new LinkedHashMap<>();
    if (read != null) {
      for (String who : read) {
        entries.computeIfAbsent(who, k -> new JsonObject()).put("read", true);
      }
    }
    if (write != null) {
      for (String who : write) {
        entries.computeIfAbsent(who, k -> new JsonObject()).put("write", true);
      }
    }
    JsonObject acl = new JsonObject();
    entries.forEach(acl::put);
    return acl;
  }
}
