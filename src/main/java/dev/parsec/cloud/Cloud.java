package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What cloud code modules define. A function runs on a worker thread of a node with workers (it may
 * block: call a web service, read a file), never on an event loop; its result must be JSON-able
 * (JsonObject, JsonArray, a Map or List of such, a String, number, boolean or null). A function that
 * throws answers the caller Parse's 141 with the exception's message.
 */
public final class Cloud {

  /** A cloud function (Parse.Cloud.define). */
  public interface Function {
    Object run(Request request) throws Exception;
  }

  /** A call: its params, and who made it (user id, null when not signed in; master key; installation). */
  public record Request(JsonObject params, String userId, boolean master, String installationId) {
  }

  private final Map<String, Function> functions = new TreeMap<>();

  public Cloud define(String name, Function function) {
    if (functions.putIfAbsent(name, function) != null) {
      throw new IllegalStateException("cloud function " + name + " is defined twice");
    }
    return this;
  }

  Map<String, Function> functions() {
    return functions;
  }
}
