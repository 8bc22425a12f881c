package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;

/** The app's data for cloud code on this node: as the caller of a function or trigger call, or as the master key. */
public interface DataForCalls {

  /** The data as the caller the API put in the call (its event-bus JSON). */
  Data forCall(JsonObject call);

  Data master();
}
